//! Capture advice: for a photo just aligned, what to do differently next time so its photos
//! compare with the reference, in words a person acts on ("hold the phone level: this photo
//! is turned 8° against your reference"). Read from what the alignment stored, so every view
//! (the command line after `align`, the app's details) says the same.

use super::concern::Concern;
use super::model::Alignment;

/// A photo turned more than this many degrees against the reference gets "hold it level":
/// alignment undoes the turn, but a tilted head is also lit and foreshortened differently.
pub const TILT_ADVICE_DEGREES: f64 = 5.0;

/// The advice for one aligned photo: empty when nothing needs doing differently. One line per
/// thing to change, most useful first, without repeats.
pub fn capture_advice(alignment: &Alignment) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |line: String| {
        if !out.contains(&line) {
            out.push(line);
        }
    };
    for concern in &alignment.concerns {
        match concern {
            Concern::HeadTurned { .. } => add(format!(
                "face the camera as in your reference: {concern}"
            )),
            Concern::ScaleFarOff { ratio } => add(if *ratio > 1.0 {
                format!(
                    "hold the phone further away, as for your reference: your face is {ratio:.1}× its size there"
                )
            } else {
                format!(
                    "hold the phone closer, as for your reference: your face is {ratio:.1}× its size there"
                )
            }),
            Concern::OutOfFrame { .. } | Concern::FaceCut => {
                add("keep your whole face inside the frame".to_owned());
            }
            Concern::MouthOpen | Concern::Smiling | Concern::EyesClosed => add(
                "keep a relaxed face as in your reference: mouth closed, eyes open, no smile"
                    .to_owned(),
            ),
            Concern::NoFaceInPhoto => {
                add("face the camera with nothing in front of your face".to_owned());
            }
            Concern::LowCorrelation { .. } => add(
                "take it in the same place and light as your reference (same window or lamp, same time of day)"
                    .to_owned(),
            ),
            Concern::OtherFaces { count } => add(format!(
                "take the photo with only your face in the frame: {count} faces were found, and the largest, most central one was used"
            )),
            Concern::LitFromSide { photo, reference } => add(format!(
                "face the light as in your reference: this photo is lit more from your {} ({})",
                if photo > reference { "left" } else { "right" },
                concern.to_string().trim_start_matches("light from another side: ")
            )),
            // Not something the person can do differently when taking the photo.
            Concern::NoFaceInReference | Concern::TurnedTooFar { .. } | Concern::EyesOff { .. } => {
            }
        }
    }
    let tilt = alignment.reference_from_photo.turn().to_degrees();
    if tilt.abs() > TILT_ADVICE_DEGREES && tilt.abs() <= 45.0 {
        add(format!(
            "hold your head and the phone level: this photo is turned {:.0}° against your reference",
            tilt.abs()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::{Affine2, Point};
    use crate::project::AlignMethod;

    fn alignment(turn_degrees: f64, concerns: Vec<Concern>) -> Alignment {
        Alignment {
            reference_from_photo: Affine2::similarity_about(
                Point::new(0.0, 0.0),
                1.0,
                turn_degrees.to_radians(),
                0.0,
                0.0,
            ),
            method: AlignMethod::Auto,
            score: 0.9,
            comparable: concerns.is_empty(),
            locked: false,
            reference: None,
            concerns,
        }
    }

    #[test]
    fn a_level_comparable_photo_needs_no_advice() {
        assert!(capture_advice(&alignment(2.0, Vec::new())).is_empty());
    }

    #[test]
    fn a_tilt_a_turn_and_a_smile_each_get_one_line() {
        let advice = capture_advice(&alignment(
            -8.0,
            vec![
                Concern::HeadTurned {
                    yaw: 14.0,
                    pitch: 0.0,
                },
                Concern::Smiling,
                Concern::MouthOpen,
            ],
        ));
        assert_eq!(advice.len(), 3, "{advice:?}");
        assert!(advice[0].contains("turned 14° to your left"), "{advice:?}");
        assert!(advice[1].contains("relaxed face"), "{advice:?}");
        assert!(advice[2].contains("turned 8°"), "{advice:?}");
    }

    #[test]
    fn a_mirrored_photo_held_level_is_not_called_turned() {
        let mut level = alignment(0.0, Vec::new());
        level.reference_from_photo = level.reference_from_photo * Affine2::flip_horizontal(1200);
        assert!(level.is_mirrored());
        assert!(capture_advice(&level).is_empty());
        let mut tilted = alignment(-8.0, Vec::new());
        tilted.reference_from_photo = tilted.reference_from_photo * Affine2::flip_horizontal(1200);
        let advice = capture_advice(&tilted);
        assert!(advice[0].contains("turned 8°"), "{advice:?}");
    }

    #[test]
    fn the_distance_advice_says_which_way() {
        let nearer = capture_advice(&alignment(0.0, vec![Concern::ScaleFarOff { ratio: 1.8 }]));
        assert!(nearer[0].contains("further away"), "{nearer:?}");
        let further = capture_advice(&alignment(0.0, vec![Concern::ScaleFarOff { ratio: 0.5 }]));
        assert!(further[0].contains("closer"), "{further:?}");
    }
}
