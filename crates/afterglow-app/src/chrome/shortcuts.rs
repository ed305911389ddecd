//! Keyboard shortcuts. Letters, digits, arrows and Space act only when no text field has the
//! keyboard, so typing a note never moves the view.

use egui::{Key, Modifiers};

use crate::panels::alignment::{NudgeStep, nudge_change};
use crate::state::actions::Action;
use crate::state::settings::{CompareMode, ViewSettings};
use crate::state::tool::Tool;
use crate::state::workspace::Workspace;

/// The list shown in the README and the Help menu.
pub const SHORTCUTS: [(&str, &str); 14] = [
    ("Ctrl+Z", "undo"),
    ("Ctrl+Shift+Z or Ctrl+Y", "redo"),
    (
        "Left / Right",
        "previous / next photo by date in the active pane",
    ),
    ("1 – 4", "choose the pane the next photo goes to"),
    ("Space", "switch between side by side and wipe"),
    ("F", "fit the photos in the view"),
    (
        "Shift+F",
        "fit the face (the regions, else the marked eyes)",
    ),
    ("G", "grid on / off"),
    (
        "Esc",
        "close the dialog in front, else stop the tool in use (eyes, nudge, regions, patch)",
    ),
    (
        "arrow keys, Q / E, - / +",
        "while nudging: move, turn, scale",
    ),
    ("wheel / pinch, drag", "zoom, move (all panes together)"),
    ("Ctrl+E", "export a report, sheet or timelapse"),
    ("R", "measurement regions on / off"),
    ("F7 / F8", "hide or show the library / the details"),
];

/// Esc: closes the dialog in front, the way its safe button would (the close question keeps
/// editing, the older-photos question keeps the reference), else leaves the tool in use.
fn close_dialog_or_tool(ws: &mut Workspace) {
    if ws.closing.is_some() {
        ws.closing = None;
    } else if ws.export.is_some() {
        ws.export = None;
    } else if !ws.rejected.is_empty() || !ws.import_notes.is_empty() {
        ws.rejected.clear();
        ws.import_notes.clear();
    } else if !ws.older_photos.is_empty() {
        ws.older_photos.clear();
    } else {
        ws.tool = Tool::None;
    }
}

pub fn handle(
    ctx: &egui::Context,
    ws: &mut Workspace,
    view: &mut ViewSettings,
    out: &mut Vec<Action>,
) {
    let typing = ctx.egui_wants_keyboard_input();
    let (undo, redo) = ctx.input_mut(|i| {
        if typing {
            return (false, false);
        }
        let redo = i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)
            || i.consume_key(Modifiers::COMMAND, Key::Y);
        let undo = i.consume_key(Modifiers::COMMAND, Key::Z);
        (undo, redo)
    });
    if !typing && ctx.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::E)) {
        out.push(Action::OpenExport);
    }
    if undo {
        out.push(Action::Undo);
    }
    if redo {
        out.push(Action::Redo);
    }
    if typing {
        return;
    }
    crate::chrome::side_panels::handle_keys(ctx, view);
    let pressed = |k: Key| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k));
    if pressed(Key::Escape) {
        close_dialog_or_tool(ws);
    }
    if let Tool::Nudge { photo, .. } = &ws.tool {
        let photo = photo.clone();
        let steps = [
            (Key::ArrowLeft, NudgeStep::Move(-1.0, 0.0)),
            (Key::ArrowRight, NudgeStep::Move(1.0, 0.0)),
            (Key::ArrowUp, NudgeStep::Move(0.0, -1.0)),
            (Key::ArrowDown, NudgeStep::Move(0.0, 1.0)),
            (Key::Q, NudgeStep::Turn(-1.0)),
            (Key::E, NudgeStep::Turn(1.0)),
            (Key::Minus, NudgeStep::Scale(-1.0)),
            (Key::Plus, NudgeStep::Scale(1.0)),
            (Key::Equals, NudgeStep::Scale(1.0)),
        ];
        for (key, step) in steps {
            if pressed(key)
                && let Some(change) = nudge_change(ws.project(), step)
            {
                out.push(Action::Nudged {
                    photo: photo.clone(),
                    change,
                });
            }
        }
    } else {
        if pressed(Key::ArrowLeft) {
            ws.step(-1);
        }
        if pressed(Key::ArrowRight) {
            ws.step(1);
        }
    }
    for (i, key) in [Key::Num1, Key::Num2, Key::Num3, Key::Num4]
        .into_iter()
        .enumerate()
    {
        if pressed(key) {
            ws.panes.active = i;
            if i >= view.pane_count {
                view.pane_count = i + 1;
            }
        }
    }
    if pressed(Key::Space) {
        view.mode = match view.mode {
            CompareMode::Wipe => CompareMode::SideBySide,
            _ => CompareMode::Wipe,
        };
    }
    if ctx.input_mut(|i| i.consume_key(Modifiers::SHIFT, Key::F)) {
        ws.view.fit_face = true;
    }
    if pressed(Key::F) {
        ws.view.fit = true;
    }
    if pressed(Key::G) {
        view.grid = !view.grid;
    }
    if pressed(Key::R) {
        view.show_regions = !view.show_regions;
    }
}
