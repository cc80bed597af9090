//! Input and output of a session: a reader thread, and the context a command writes to.
//!
//! `Incoming` reads the controller's lines on a thread of its own and queues them, so
//! that a command that runs for a while (analysis, a search) can see that the next line
//! has arrived without taking it: `lz-analyze` stops on any line, `genmove` only on GoGui's
//! `# interrupt`. Lines are read as bytes, up to [`MAX_LINE`] bytes; a longer line is
//! skipped to its end and reported as one event, so that it still gets its one response.
//!
//! [`Io`] is what a command writes to: a live writer (the protocol's stdout) or, for
//! [`GtpSession::handle`](super::GtpSession::handle), a buffer. Streaming commands write
//! the `=[id]` header and their lines through it as they go.

use super::command::is_interrupt;
use super::response::status;
use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::mpsc::{self, Receiver, TryRecvError};

/// The longest input line accepted, in bytes.
pub const MAX_LINE: usize = 16 << 20;

/// One unit of input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Event {
    /// A line, without its line feed.
    Line(Vec<u8>),
    /// A line longer than [`MAX_LINE`], skipped.
    TooLong,
}

/// Reads one line of at most [`MAX_LINE`] bytes; `None` at the end of the input.
///
/// # Errors
/// The reader's errors (interruptions are retried).
pub(crate) fn read_event(reader: &mut impl BufRead) -> io::Result<Option<Event>> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            let event = if too_long {
                Event::TooLong
            } else {
                Event::Line(line)
            };
            return Ok(any.then_some(event));
        }
        any = true;
        let newline = buf.iter().position(|&b| b == b'\n');
        let chunk = &buf[..newline.unwrap_or(buf.len())];
        if !too_long {
            if line.len() + chunk.len() > MAX_LINE {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = newline.map_or(buf.len(), |i| i + 1);
        reader.consume(used);
        if newline.is_some() {
            let event = if too_long {
                Event::TooLong
            } else {
                Event::Line(line)
            };
            return Ok(Some(event));
        }
    }
}

/// The controller's lines, read ahead on a thread and queued.
pub(crate) struct Incoming {
    rx: Option<Receiver<Event>>,
    queue: VecDeque<Event>,
    closed: bool,
}

impl Incoming {
    /// No input at all: commands never see a next line (for in-process `handle`).
    pub fn offline() -> Incoming {
        Incoming {
            rx: None,
            queue: VecDeque::new(),
            closed: false,
        }
    }

    /// Starts a thread that reads `input` line by line until its end.
    pub fn spawn<R: Read + Send + 'static>(input: R) -> io::Result<Incoming> {
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("weiqi-gtp-input".to_string())
            .spawn(move || {
                let mut reader = BufReader::with_capacity(1 << 16, input);
                // A read error ends the input as its end would.
                while let Ok(Some(event)) = read_event(&mut reader) {
                    if tx.send(event).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Incoming {
            rx: Some(rx),
            queue: VecDeque::new(),
            closed: false,
        })
    }

    /// Whether this input is a live stream (not the offline stand-in).
    pub fn is_live(&self) -> bool {
        self.rx.is_some()
    }

    fn fill(&mut self) {
        let Some(rx) = &self.rx else { return };
        loop {
            match rx.try_recv() {
                Ok(event) => self.queue.push_back(event),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.closed = true;
                    break;
                }
            }
        }
    }

    /// Whether a line (or the end of the input) is waiting.
    pub fn waiting(&mut self) -> bool {
        if self.rx.is_none() {
            return false;
        }
        self.fill();
        !self.queue.is_empty() || self.closed
    }

    /// Takes GoGui's `# interrupt` line if it is the next one waiting.
    pub fn take_interrupt(&mut self) -> bool {
        self.fill();
        let front_is_interrupt =
            matches!(self.queue.front(), Some(Event::Line(raw)) if is_interrupt(raw));
        if front_is_interrupt {
            self.queue.pop_front();
        }
        front_is_interrupt
    }

    /// Blocks until a line (or the end of the input) is waiting, without taking it.
    pub fn wait(&mut self) {
        if self.waiting() {
            return;
        }
        match self.rx.as_ref().map(Receiver::recv) {
            Some(Ok(event)) => self.queue.push_back(event),
            _ => self.closed = true,
        }
    }

    /// The next event, waiting for it; `None` at the end of the input.
    pub fn next(&mut self) -> Option<Event> {
        if let Some(event) = self.queue.pop_front() {
            return Some(event);
        }
        if self.closed {
            return None;
        }
        match self.rx.as_ref()?.recv() {
            Ok(event) => Some(event),
            Err(_) => {
                self.closed = true;
                None
            }
        }
    }
}

/// Where a command's streamed lines go.
enum Sink<'a> {
    Live(&'a mut dyn Write),
    Buffer(String),
}

/// The context of one command: its id, its output, and a view of the input that follows.
pub struct Io<'a> {
    sink: Sink<'a>,
    incoming: &'a mut Incoming,
    id: Option<u32>,
    streaming: bool,
    broken: bool,
}

impl<'a> Io<'a> {
    /// Streams go to `out` as they are written.
    pub(crate) fn live(out: &'a mut dyn Write, incoming: &'a mut Incoming) -> Io<'a> {
        Io {
            sink: Sink::Live(out),
            incoming,
            id: None,
            streaming: false,
            broken: false,
        }
    }

    /// Streams are collected into the response.
    pub(crate) fn buffered(incoming: &'a mut Incoming) -> Io<'a> {
        Io {
            sink: Sink::Buffer(String::new()),
            incoming,
            id: None,
            streaming: false,
            broken: false,
        }
    }

    pub(crate) fn set_id(&mut self, id: Option<u32>) {
        self.id = id;
    }

    /// Whether commands run against a live controller: analysis then lasts until the next
    /// line arrives, rather than for one move's search.
    pub fn is_live(&self) -> bool {
        self.incoming.is_live()
    }

    /// Whether the stream header has been written.
    pub(crate) fn is_streaming(&self) -> bool {
        self.streaming
    }

    /// Whether the output failed (the controller went away).
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    fn write(&mut self, text: &str) {
        match &mut self.sink {
            Sink::Live(out) => {
                let ok = out.write_all(text.as_bytes()).and_then(|()| out.flush());
                if ok.is_err() {
                    self.broken = true;
                }
            }
            Sink::Buffer(buf) => buf.push_str(text),
        }
    }

    /// Writes the `=[id]` header line of a streamed response (when live: a buffered
    /// stream gets its header from the finished [`Response`](super::Response)).
    pub fn start_stream(&mut self) {
        if !self.streaming {
            self.streaming = true;
            if let Sink::Live(_) = self.sink {
                let head = format!("{}\n", status(true, self.id));
                self.write(&head);
            }
        }
    }

    /// Writes one line of a streamed response (flushed at once when live).
    pub fn stream_line(&mut self, line: &str) {
        debug_assert!(self.streaming, "stream lines follow the header");
        let mut text = String::with_capacity(line.len() + 1);
        text.push_str(line.trim_end_matches('\n'));
        text.push('\n');
        self.write(&text);
    }

    /// The lines collected so far (buffered mode; empty when live).
    pub(crate) fn take_buffer(&mut self) -> String {
        match &mut self.sink {
            Sink::Buffer(buf) => std::mem::take(buf),
            Sink::Live(_) => String::new(),
        }
    }

    /// Whether the next input line (or the end of the input) has arrived.
    pub fn input_waiting(&mut self) -> bool {
        self.broken || self.incoming.waiting()
    }

    /// Takes GoGui's `# interrupt` line if it is waiting.
    pub fn take_interrupt(&mut self) -> bool {
        self.incoming.take_interrupt()
    }

    /// Waits for the next input line (live only; returns at once otherwise).
    pub fn wait_for_input(&mut self) {
        if self.incoming.is_live() && !self.broken {
            self.incoming.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_and_capped() {
        let mut big = vec![b'x'; MAX_LINE + 10];
        big.extend_from_slice(b"\nname\r\nlast");
        let mut reader = io::Cursor::new(big);
        assert_eq!(read_event(&mut reader).unwrap(), Some(Event::TooLong));
        assert_eq!(
            read_event(&mut reader).unwrap(),
            Some(Event::Line(b"name\r".to_vec()))
        );
        assert_eq!(
            read_event(&mut reader).unwrap(),
            Some(Event::Line(b"last".to_vec()))
        );
        assert_eq!(read_event(&mut reader).unwrap(), None);
    }
}
