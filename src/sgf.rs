//! SGF placeholder
