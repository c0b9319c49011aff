//! The terminal side of the reader: entering and leaving the alternate screen, turning
//! terminal events into actions, and the draw loop. The terminal is restored on quit, on
//! error and on panic.

use crate::app::{Action, App, Effect, Focus, Loaded, Settings};
use crate::keymap;
use anyhow::{Context as _, bail};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::{cursor, execute, terminal};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use std::io::IsTerminal as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

mod jobs;
mod screen;

use jobs::{Message, Updates, start_loading, start_watching};

/// The terminal as the reader draws on it.
type Term = Terminal<screen::Screen<CrosstermBackend<std::io::Stdout>>>;

/// Load the vault at `dir` and run the reader until the user quits. `problems` (with the
/// config file) are shown on the status line of the first frame.
pub fn run(dir: &Path, settings: Settings, problems: &[String]) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the reader needs a terminal; from scripts use `trail list`, `trail show NOTE` or `trail --help`"
        );
    }
    // The folder is checked before the terminal is taken: a wrong path is one line of error.
    crate::vault::check(dir)?;
    // The first frame is drawn before anything is read; the load runs on a thread of its
    // own and arrives in two steps (the files listed, then read), while keys are answered.
    let mut app = App::loading(dir);
    // The code grammars load beside the vault, so the first highlighted page does not wait.
    std::thread::spawn(crate::render::highlight::warm);
    app.update(Action::Configure(Box::new(settings)));
    // https://no-color.org: set and not empty means no colour.
    app.update(Action::Monochrome(
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    ));
    // Where the last run left this vault, restored once the vault is read.
    let (place, warning) = crate::state::load(dir);
    if let Some(warning) = warning {
        app.update(Action::Notice(warning));
    }
    // The first problem shows; `trail config` lists them all.
    if let Some(problem) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" (and {} more: trail config)", n - 1),
        };
        app.update(Action::Notice(format!("{problem}{more}")));
    }
    let guard = TerminalGuard::enter()?;
    let result = event_loop(&mut app, dir, place);
    drop(guard);
    // The status line had room for the first problem only, and for a moment: said in full
    // where it stays.
    for problem in problems {
        eprintln!("trail: warning: {}", crate::text::clean_line(problem));
    }
    // Remembered for the next run, outside the vault; failing to is not worth an error.
    if result.is_ok()
        && let Err(e) = crate::state::save(dir, &app.place())
    {
        eprintln!("trail: cannot remember the place in this vault: {e}");
    }
    // The process ends right after. Freeing a large vault piece by piece only held the shell
    // prompt back (~0.3 s after `q` at 100k notes), where the system takes the memory back
    // in one go; the terminal is already restored above.
    std::mem::forget(app);
    result
}

fn event_loop(app: &mut App, dir: &Path, place: Option<crate::state::Place>) -> anyhow::Result<()> {
    let mut signals = Signals::watch()?;
    let (signalled, stop) = (Arc::clone(&signals.ended), Arc::clone(&signals.stop));
    let mut terminal = Terminal::new(screen::Screen::new(
        CrosstermBackend::new(std::io::stdout()),
    ))
    .context("cannot use the terminal")?;
    let size = terminal.size().context("cannot read the terminal size")?;
    app.update(Action::Resize(size.width, size.height));
    // The other threads (the loader, the watcher, the updater) talk to the loop through one
    // channel. The watcher starts first, so that nothing written during the load is missed.
    let (tx, rx) = mpsc::channel::<Message>();
    let _watch = start_watching(app, &tx);
    let progress = start_loading(dir, app.walk, &tx)?;
    let mut updates = Updates::after_load(place);
    // A frame is drawn only after something happened: idle, the loop sleeps in `poll`.
    let mut dirty = true;
    while !app.quit {
        if dirty {
            terminal
                .draw(|frame| frame.render_widget(&*app, frame.area()))
                .context("cannot draw")?;
            dirty = false;
        }
        // Debug builds can be asked to panic here, so tests can prove the terminal survives.
        assert!(
            !(cfg!(debug_assertions) && std::env::var_os("TRAIL_DEBUG_PANIC").is_some()),
            "TRAIL_DEBUG_PANIC is set"
        );
        // While a search is running, wait for keys only briefly and give the rest of the frame
        // to the search; otherwise block until something happens.
        if app.busy() && !event::poll(Duration::from_millis(1)).unwrap_or(false) {
            app.update(Action::Tick);
            dirty = true;
            continue;
        }
        // Wake up now and then even when idle, to notice a signal or a message.
        let ready =
            event::poll(Duration::from_millis(50)).context("cannot read from the terminal")?;
        while let Ok(message) = rx.try_recv() {
            dirty |= updates.receive(app, message);
        }
        if app.loading.is_some() {
            let now = progress.now();
            if app.loading != Some(now) {
                app.update(Action::Progress(now.0, now.1));
                dirty = true;
            }
        }
        updates.start(app, &tx);
        if stop.swap(false, Ordering::SeqCst) {
            suspend(&mut terminal)?;
            dirty = true;
        }
        if signalled.load(Ordering::Relaxed) {
            break;
        }
        if !ready {
            continue;
        }
        // Handle everything already queued before drawing again, so a burst of key repeats,
        // a paste or a resize storm costs one frame, not one frame per event.
        while event::poll(Duration::ZERO).unwrap_or(false) {
            let ev = event::read().context("cannot read from the terminal")?;
            match action_for(&ev, &app.keys, app.focus, app.search.mode.is_some()) {
                Some(Action::Suspend) => suspend(&mut terminal)?,
                // Whatever the terminal shows is forgotten and every cell drawn again.
                Some(Action::Redraw) => terminal.clear().context("cannot redraw")?,
                Some(Action::Edit) if app.edit_target().is_some() => {
                    // Ctrl-c and Ctrl-\ belong to the editor while it runs (its terminal is
                    // cooked, so they arrive as signals to both of us).
                    signals.leave_interrupts();
                    edit(&mut terminal, app)?;
                    signals.take_interrupts()?;
                    // What the editor changed was read at once; the watcher's report of the
                    // same change is read again, harmlessly.
                    updates.start(app, &tx);
                    // A stop the editor took (its own Ctrl-z) is not ours.
                    stop.store(false, Ordering::SeqCst);
                }
                // Read again in full, by the updater: keys are answered meanwhile.
                Some(Action::Reload) => {
                    updates.full = true;
                    updates.start(app, &tx);
                }
                Some(action) => {
                    app.update(action);
                    do_effects(&mut terminal, app);
                }
                None => continue,
            }
            dirty = true;
            if app.quit {
                break;
            }
        }
        if signalled.load(Ordering::Relaxed) {
            break;
        }
    }
    Ok(())
}

/// Do what the app asked of the world outside (open a browser, copy), and say how it went.
fn do_effects(terminal: &mut Term, app: &mut App) {
    for effect in std::mem::take(&mut app.outbox) {
        let said = match effect {
            Effect::Browse(url) => match crate::outside::open_url(&url) {
                Ok(program) => format!("opened in {program}: {url}"),
                Err(e) => e,
            },
            Effect::Copy(text) => {
                // The terminal's clipboard (OSC 52) works over SSH; the native one where
                // there is a display. Both are tried: neither can tell whether it worked.
                use std::io::Write as _;
                let osc = crate::outside::osc52(&text);
                let backend = terminal.backend_mut();
                let _ = backend
                    .write_all(osc.as_bytes())
                    .and_then(|()| backend.flush());
                match crate::outside::copy_native(&text) {
                    Some(program) => format!("copied {text} (terminal and {program})"),
                    None => format!("copied {text} (through the terminal)"),
                }
            }
        };
        app.update(Action::Notice(said));
    }
}

/// The signals the reader answers. SIGTERM, SIGINT and SIGQUIT end it the way `q` does, so
/// the terminal is restored on the way out; a second one while the first is handled ends the
/// process at once. SIGHUP (the terminal is gone) exits at once. SIGTSTP (job control from
/// outside) hands the terminal back before the process stops, as Ctrl-z does.
struct Signals {
    ended: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    /// SIGINT's and SIGQUIT's registrations, left to an editor while it runs.
    interrupts: Vec<signal_hook::SigId>,
}

impl Signals {
    fn watch() -> anyhow::Result<Signals> {
        let ended = Arc::new(AtomicBool::new(false));
        // Nothing is left to restore, and crossterm would spin reading end-of-file from the
        // dead terminal: exit, as the default would.
        signal_hook::flag::register_conditional_shutdown(
            SIGHUP,
            129,
            Arc::new(AtomicBool::new(true)),
        )
        .context("cannot watch for signals")?;
        signal_hook::flag::register_conditional_shutdown(
            SIGTERM,
            128 + SIGTERM,
            Arc::clone(&ended),
        )
        .context("cannot watch for signals")?;
        signal_hook::flag::register(SIGTERM, Arc::clone(&ended))
            .context("cannot watch for signals")?;
        let stop = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(SIGTSTP, Arc::clone(&stop))
            .context("cannot watch for signals")?;
        let mut signals = Signals {
            ended,
            stop,
            interrupts: Vec::new(),
        };
        signals.take_interrupts()?;
        Ok(signals)
    }

    /// Answer SIGINT and SIGQUIT as SIGTERM.
    fn take_interrupts(&mut self) -> anyhow::Result<()> {
        for signal in [SIGINT, SIGQUIT] {
            let shutdown = signal_hook::flag::register_conditional_shutdown(
                signal,
                128 + signal,
                Arc::clone(&self.ended),
            )
            .context("cannot watch for signals")?;
            let flag = signal_hook::flag::register(signal, Arc::clone(&self.ended))
                .context("cannot watch for signals")?;
            self.interrupts.extend([shutdown, flag]);
        }
        Ok(())
    }

    /// Leave SIGINT and SIGQUIT alone (to an editor running in the terminal).
    fn leave_interrupts(&mut self) {
        for id in self.interrupts.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Hand the terminal back and stop, as the shell's job control expects; on `fg`, take the
/// terminal again and draw everything anew.
fn suspend(terminal: &mut Term) -> anyhow::Result<()> {
    restore();
    // Stop as SIGTSTP's default would; this returns once the shell sends SIGCONT.
    signal_hook::low_level::emulate_default_handler(SIGTSTP).context("cannot suspend")?;
    take_terminal()?;
    terminal.clear().context("cannot redraw")?;
    Ok(())
}

/// Hand the terminal to the user's editor on the note being read, take it back, and read
/// the vault again so that the edit shows at once. A missing or failing editor costs a
/// message on the status line, never the terminal.
fn edit(terminal: &mut Term, app: &mut App) -> anyhow::Result<()> {
    let Some((path, line)) = app.edit_target() else {
        return Ok(());
    };
    restore();
    let result = crate::editor::run(&path, line);
    take_terminal()?;
    terminal.clear().context("cannot redraw")?;
    // The note just edited is read again (the rest of the vault is kept): on return the
    // reader shows the edit, in the same place.
    let rel = path
        .strip_prefix(&app.root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    match crate::vault::update(&app.graph, &app.warnings, &app.root, app.walk, &[rel]) {
        Ok(vault) => app.update(Action::Loaded(Loaded(Arc::new(vault)))),
        Err(e) => app.update(Action::Notice(format!("cannot read the vault again: {e}"))),
    }
    if let Err(e) = result {
        app.update(Action::Notice(e.to_string()));
    }
    Ok(())
}

/// The longest paste taken, in bytes; a prompt holds far less (`search::MAX_QUERY_CHARS`).
const MAX_PASTE_BYTES: usize = 16 * 1024;

/// What a terminal event asks for.
pub fn action_for(ev: &Event, keys: &keymap::Keymap, focus: Focus, prompt: bool) -> Option<Action> {
    match ev {
        // Ctrl-z suspends whatever is open, a prompt included.
        Event::Key(key)
            if key.kind != KeyEventKind::Release
                && key.code == KeyCode::Char('z')
                && key.modifiers.contains(KeyModifiers::CONTROL) =>
        {
            Some(Action::Suspend)
        }
        Event::Key(key) => keys.action_for(*key, focus, prompt),
        Event::Paste(text) if prompt => {
            let mut end = text.len().min(MAX_PASTE_BYTES);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            Some(Action::Paste(text[..end].to_string()))
        }
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(m.column, m.row, -1)),
            MouseEventKind::ScrollDown => Some(Action::Wheel(m.column, m.row, 1)),
            _ => None,
        },
        _ => None,
    }
}

/// Raw mode, the alternate screen and mouse reporting, for as long as it lives; and a panic
/// hook that puts the terminal back before the panic message is printed.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> anyhow::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            if std::env::var_os("RUST_BACKTRACE").is_some() {
                previous(info);
            } else {
                eprintln!(
                    "trail: internal error: {info}\ntrail: this is a bug; the terminal has been restored"
                );
            }
        }));
        take_terminal()?;
        Ok(TerminalGuard)
    }
}

/// Raw mode, the alternate screen, mouse reporting and bracketed paste.
fn take_terminal() -> anyhow::Result<()> {
    terminal::enable_raw_mode().context("cannot switch the terminal to raw mode")?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        std::io::stdout(),
        terminal::EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    )
    .context("cannot enter the alternate screen")
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Whether the terminal is in our hands. Leaving the alternate screen twice would move the
/// cursor back over what was printed in between (a panic message), so restoring happens once.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Leave the terminal as we found it. Safe to call more than once: only the first call after
/// entering does anything.
fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}
