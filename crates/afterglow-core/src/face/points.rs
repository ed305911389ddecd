//! Names for the mesh indices the rest of the code reads (MediaPipe's canonical 468-point face
//! mesh). "Right" and "left" are the person's own, as region names are: the person's right eye
//! is on the image's left in an unmirrored photo.

/// A named index into [`super::FaceLandmarks::points`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeshPoint(pub usize);

impl MeshPoint {
    /// Outer corner of the person's right eye.
    pub const RIGHT_EYE_OUTER: Self = Self(33);
    /// Inner corner of the person's right eye.
    pub const RIGHT_EYE_INNER: Self = Self(133);
    /// Inner corner of the person's left eye.
    pub const LEFT_EYE_INNER: Self = Self(362);
    /// Outer corner of the person's left eye.
    pub const LEFT_EYE_OUTER: Self = Self(263);
    /// Middle of the right upper eyelid.
    pub const RIGHT_EYE_UPPER: Self = Self(159);
    /// Middle of the right lower eyelid.
    pub const RIGHT_EYE_LOWER: Self = Self(145);
    /// Middle of the left upper eyelid.
    pub const LEFT_EYE_UPPER: Self = Self(386);
    /// Middle of the left lower eyelid.
    pub const LEFT_EYE_LOWER: Self = Self(374);
    /// Between the eyes, top of the nose bridge.
    pub const NOSE_BRIDGE: Self = Self(168);
    /// Tip of the nose.
    pub const NOSE_TIP: Self = Self(1);
    /// Base of the nose, above the upper lip.
    pub const NOSE_BASE: Self = Self(2);
    /// Right corner of the mouth.
    pub const MOUTH_RIGHT: Self = Self(61);
    /// Left corner of the mouth.
    pub const MOUTH_LEFT: Self = Self(291);
    /// Middle of the upper lip's inner edge.
    pub const LIP_UPPER_INNER: Self = Self(13);
    /// Middle of the lower lip's inner edge.
    pub const LIP_LOWER_INNER: Self = Self(14);
    /// Top of the forehead on the midline (the mesh's upper edge).
    pub const FOREHEAD_TOP: Self = Self(10);
    /// Lowest point of the chin.
    pub const CHIN: Self = Self(152);
    /// Right edge of the face at the cheekbone.
    pub const FACE_RIGHT: Self = Self(234);
    /// Left edge of the face at the cheekbone.
    pub const FACE_LEFT: Self = Self(454);
}

/// The four eye corners: the similarity between two photos is fitted to these alone (see
/// `align::similarity_from_meshes` for why not the nose too).
pub const EYE_CORNERS: [MeshPoint; 4] = [
    MeshPoint::RIGHT_EYE_OUTER,
    MeshPoint::RIGHT_EYE_INNER,
    MeshPoint::LEFT_EYE_INNER,
    MeshPoint::LEFT_EYE_OUTER,
];

/// The points that move least with expression: the four eye corners and the nose from bridge
/// to base. A face whose stable points are not all inside the frame is aligned by correlation
/// instead (the mesh guesses points it cannot see).
pub const STABLE_POINTS: [MeshPoint; 11] = [
    MeshPoint::RIGHT_EYE_OUTER,
    MeshPoint::RIGHT_EYE_INNER,
    MeshPoint::LEFT_EYE_INNER,
    MeshPoint::LEFT_EYE_OUTER,
    MeshPoint::NOSE_BRIDGE,
    MeshPoint(6),
    MeshPoint(197),
    MeshPoint(195),
    MeshPoint(5),
    MeshPoint::NOSE_TIP,
    MeshPoint::NOSE_BASE,
];
