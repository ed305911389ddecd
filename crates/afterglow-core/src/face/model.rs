//! The two embedded ONNX models, loaded and optimised once per process by `tract` and shared by
//! every thread (a plan's `run` takes `&self`; each call has its own state).

use std::sync::{Arc, OnceLock};

use tract_onnx::prelude::*;

use super::FaceError;

type Plan = Arc<TypedRunnableModel>;

static DETECTOR_ONNX: &[u8] =
    include_bytes!("../../assets/face-mesh/face_detection_short_range.onnx");
static MESH_ONNX: &[u8] = include_bytes!("../../assets/face-mesh/face_landmark.onnx");

/// Side of the detector's square input, pixels.
pub const DETECTOR_SIDE: usize = 128;
/// Side of the face mesh's square input, pixels.
pub const MESH_SIDE: usize = 192;

fn load(bytes: &[u8]) -> Result<Plan, String> {
    tract_onnx::onnx()
        .model_for_read(&mut std::io::Cursor::new(bytes))
        .and_then(|m| m.into_optimized())
        .and_then(|m| m.into_runnable())
        .map_err(|e| format!("{e:#}"))
}

fn plan(
    cell: &'static OnceLock<Result<Plan, String>>,
    bytes: &[u8],
) -> Result<&'static Plan, FaceError> {
    cell.get_or_init(|| load(bytes))
        .as_ref()
        .map_err(|e| FaceError::Model(e.clone()))
}

/// Runs a model on one NHWC float input of `side`×`side`×3; returns each output flattened.
fn run(plan: &Plan, side: usize, input: Vec<f32>) -> Result<Vec<Vec<f32>>, FaceError> {
    let tensor = Tensor::from_shape(&[1, side, side, 3], &input)
        .map_err(|e| FaceError::Model(format!("{e:#}")))?;
    let outputs = plan
        .run(tvec!(tensor.into()))
        .map_err(|e| FaceError::Model(format!("{e:#}")))?;
    outputs
        .iter()
        .map(|o| {
            o.to_plain_array_view::<f32>()
                .map(|v| v.iter().copied().collect())
                .map_err(|e| FaceError::Model(format!("{e:#}")))
        })
        .collect()
}

/// The detector on a 128×128 input in [-1, 1]: (regressors 896×16, logits 896).
pub fn run_detector(input: Vec<f32>) -> Result<(Vec<f32>, Vec<f32>), FaceError> {
    static CELL: OnceLock<Result<Plan, String>> = OnceLock::new();
    let mut out = run(plan(&CELL, DETECTOR_ONNX)?, DETECTOR_SIDE, input)?.into_iter();
    match (out.next(), out.next()) {
        (Some(regressors), Some(logits)) if regressors.len() == 896 * 16 && logits.len() == 896 => {
            Ok((regressors, logits))
        }
        _ => Err(FaceError::Model(
            "detector outputs have unexpected shapes".into(),
        )),
    }
}

/// The face mesh on a 192×192 input in [0, 1]: (468 × x, y, z in crop pixels, presence logit).
pub fn run_mesh(input: Vec<f32>) -> Result<(Vec<f32>, f32), FaceError> {
    static CELL: OnceLock<Result<Plan, String>> = OnceLock::new();
    let mut out = run(plan(&CELL, MESH_ONNX)?, MESH_SIDE, input)?.into_iter();
    match (out.next(), out.next()) {
        (Some(points), Some(flag)) if points.len() == 468 * 3 && flag.len() == 1 => {
            Ok((points, flag[0]))
        }
        _ => Err(FaceError::Model(
            "face mesh outputs have unexpected shapes".into(),
        )),
    }
}

/// The logistic function, clamped as MediaPipe does so a huge logit cannot overflow.
pub fn sigmoid(logit: f32) -> f32 {
    1.0 / (1.0 + (-logit.clamp(-100.0, 100.0)).exp())
}
