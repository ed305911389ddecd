//! The mesh's points grouped by facial feature (MediaPipe's canonical 468-point mesh, the
//! groups its own drawing utilities use): what measurement regions must keep clear of.

/// The outline of the person's right eye (upper and lower lid, corner to corner).
pub const RIGHT_EYE: [usize; 16] = [
    33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246,
];
/// The outline of the person's left eye.
pub const LEFT_EYE: [usize; 16] = [
    263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466,
];
/// Both eyebrows, upper and lower edge.
pub const BROWS: [usize; 20] = [
    46, 53, 52, 65, 55, 70, 63, 105, 66, 107, 276, 283, 282, 295, 285, 300, 293, 334, 296, 336,
];
/// The lips' outer edge.
pub const LIPS: [usize; 20] = [
    61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185,
];
/// The nose: bridge to tip to base, and the sides of the nostrils.
pub const NOSE: [usize; 20] = [
    168, 6, 197, 195, 5, 4, 1, 19, 94, 2, 98, 327, 64, 294, 48, 278, 129, 358, 102, 331,
];
/// The face's outline, from the top of the forehead round by the person's left.
pub const FACE_OVAL: [usize; 36] = [
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152,
    148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
];
