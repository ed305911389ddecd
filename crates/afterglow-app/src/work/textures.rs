//! Photo textures on the GPU: thumbnails and previews (≤ 2048 px, never the 12 MP original),
//! decoded by two loader threads, uploaded on the UI thread a few per frame, and kept in an LRU
//! cache under a memory budget. A texture drawn in the current frame is never evicted.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};

use egui::{ColorImage, TextureHandle, TextureId, TextureOptions, Vec2};

use afterglow_core::import::{load_preview, load_thumbnail};
use afterglow_core::project::{Photo, PhotoId};
use afterglow_core::store::ProjectPaths;

/// Which picture of a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TexKind {
    /// ≤ 256 px, for the library.
    Thumb,
    /// ≤ 2048 px, for the compare view.
    Preview,
}

type Key = (PhotoId, TexKind);

/// What the cache can give for a photo right now.
#[derive(Clone, Copy, Debug)]
pub enum TexState<'a> {
    Ready { id: TextureId, size: Vec2 },
    Loading,
    Failed(&'a str),
}

/// 512 MiB of RGBA: about 40 previews and every thumbnail of a 500-photo project.
pub const DEFAULT_BUDGET_BYTES: usize = 512 * 1024 * 1024;
/// Uploads per frame, so a burst of decoded thumbnails does not stall one frame.
const UPLOADS_PER_FRAME: usize = 12;
const LOADER_THREADS: usize = 2;

struct Entry {
    handle: TextureHandle,
    bytes: usize,
    last_used: u64,
}

struct Request {
    key: Key,
    photo: Photo,
    paths: ProjectPaths,
    generation: u64,
}

#[derive(Default)]
struct Queue {
    previews: Vec<Request>,
    /// Served last-in first-out: the most recently scrolled-to thumbnails come first.
    thumbs: Vec<Request>,
    shutdown: bool,
}

type Decoded = (Key, u64, Result<ColorImage, String>);

pub struct TextureCache {
    entries: HashMap<Key, Entry>,
    pending: HashSet<Key>,
    failed: HashMap<Key, String>,
    used_bytes: usize,
    budget_bytes: usize,
    frame: u64,
    /// Bumped when the project changes, so late results for the old one are dropped.
    generation: u64,
    queue: Arc<(Mutex<Queue>, Condvar)>,
    results: Receiver<Decoded>,
    sender: Sender<Decoded>,
    workers_started: bool,
    ctx: Option<egui::Context>,
}

impl Default for TextureCache {
    fn default() -> Self {
        Self::with_budget(DEFAULT_BUDGET_BYTES)
    }
}

impl TextureCache {
    pub fn with_budget(budget_bytes: usize) -> Self {
        let (sender, results) = channel();
        Self {
            entries: HashMap::new(),
            pending: HashSet::new(),
            failed: HashMap::new(),
            used_bytes: 0,
            budget_bytes,
            frame: 0,
            generation: 0,
            queue: Arc::default(),
            results,
            sender,
            workers_started: false,
            ctx: None,
        }
    }

    /// Call once at the start of each frame: uploads what the loaders finished and evicts the
    /// least recently drawn textures over the budget.
    pub fn begin_frame(&mut self, ctx: &egui::Context) {
        self.frame += 1;
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        for _ in 0..UPLOADS_PER_FRAME {
            let Ok((key, generation, result)) = self.results.try_recv() else {
                break;
            };
            if generation != self.generation {
                continue;
            }
            self.pending.remove(&key);
            match result {
                Ok(image) => self.insert(ctx, key, image),
                Err(e) => {
                    self.failed.insert(key, e);
                }
            }
        }
        if !self.pending.is_empty() {
            // More results may be waiting in the channel beyond this frame's upload quota.
            ctx.request_repaint();
        }
        self.evict();
    }

    fn insert(&mut self, ctx: &egui::Context, key: Key, image: ColorImage) {
        let bytes = image.pixels.len() * 4;
        let name = format!("{}-{:?}", key.0, key.1);
        let handle = ctx.load_texture(name, image, TextureOptions::LINEAR);
        self.used_bytes += bytes;
        if let Some(old) = self.entries.insert(
            key,
            Entry {
                handle,
                bytes,
                last_used: self.frame,
            },
        ) {
            self.used_bytes -= old.bytes;
        }
    }

    fn evict(&mut self) {
        if self.used_bytes <= self.budget_bytes {
            return;
        }
        let mut by_age: Vec<(u64, Key)> = self
            .entries
            .iter()
            .filter(|(_, e)| e.last_used + 1 < self.frame)
            .map(|(k, e)| (e.last_used, k.clone()))
            .collect();
        by_age.sort_by_key(|(age, _)| *age);
        for (_, key) in by_age {
            if self.used_bytes <= self.budget_bytes {
                break;
            }
            if let Some(e) = self.entries.remove(&key) {
                self.used_bytes -= e.bytes;
            }
        }
    }

    /// The texture of `photo`, asking a loader for it when it is not in memory.
    pub fn get(&mut self, paths: &ProjectPaths, photo: &Photo, kind: TexKind) -> TexState<'_> {
        let key = (photo.id.clone(), kind);
        if let Some(e) = self.entries.get_mut(&key) {
            e.last_used = self.frame;
            return TexState::Ready {
                id: e.handle.id(),
                size: e.handle.size_vec2(),
            };
        }
        if self.failed.contains_key(&key) {
            return TexState::Failed(self.failed.get(&key).map_or("", String::as_str));
        }
        if self.pending.insert(key.clone()) {
            self.request(Request {
                key,
                photo: photo.clone(),
                paths: paths.clone(),
                generation: self.generation,
            });
        }
        TexState::Loading
    }

    /// Forgets a photo's textures (its preview changed on disk).
    pub fn invalidate(&mut self, id: &PhotoId) {
        for kind in [TexKind::Thumb, TexKind::Preview] {
            let key = (id.clone(), kind);
            if let Some(e) = self.entries.remove(&key) {
                self.used_bytes -= e.bytes;
            }
            self.failed.remove(&key);
        }
    }

    /// Drops everything (another project was opened).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.pending.clear();
        self.failed.clear();
        self.used_bytes = 0;
        self.generation += 1;
        let (lock, _) = &*self.queue;
        if let Ok(mut q) = lock.lock() {
            q.previews.clear();
            q.thumbs.clear();
        }
    }

    pub fn used_bytes(&self) -> usize {
        self.used_bytes
    }

    pub fn budget_bytes(&self) -> usize {
        self.budget_bytes
    }

    /// Requests still being decoded.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    fn request(&mut self, request: Request) {
        self.start_workers();
        let (lock, wake) = &*self.queue;
        if let Ok(mut q) = lock.lock() {
            match request.key.1 {
                TexKind::Preview => q.previews.push(request),
                TexKind::Thumb => q.thumbs.push(request),
            }
            wake.notify_one();
        }
    }

    fn start_workers(&mut self) {
        if self.workers_started {
            return;
        }
        self.workers_started = true;
        for n in 0..LOADER_THREADS {
            let queue = self.queue.clone();
            let sender = self.sender.clone();
            let ctx = self.ctx.clone();
            std::thread::Builder::new()
                .name(format!("afterglow-textures-{n}"))
                .spawn(move || loader_loop(&queue, &sender, ctx.as_ref()))
                // Without a loader thread the photos show "Loading…"; nothing else breaks.
                .ok();
        }
    }
}

impl Drop for TextureCache {
    fn drop(&mut self) {
        let (lock, wake) = &*self.queue;
        if let Ok(mut q) = lock.lock() {
            q.shutdown = true;
        }
        wake.notify_all();
    }
}

fn loader_loop(
    queue: &(Mutex<Queue>, Condvar),
    sender: &Sender<Decoded>,
    ctx: Option<&egui::Context>,
) {
    let (lock, wake) = queue;
    loop {
        let request = {
            let Ok(mut q) = lock.lock() else { return };
            loop {
                if q.shutdown {
                    return;
                }
                // Previews first (the compare view waits for them), oldest first.
                if !q.previews.is_empty() {
                    break q.previews.remove(0);
                }
                if let Some(r) = q.thumbs.pop() {
                    break r;
                }
                q = match wake.wait(q) {
                    Ok(q) => q,
                    Err(_) => return,
                };
            }
        };
        let image = decode(&request);
        if sender
            .send((request.key, request.generation, image))
            .is_err()
        {
            return;
        }
        if let Some(ctx) = ctx {
            ctx.request_repaint();
        }
    }
}

fn decode(r: &Request) -> Result<ColorImage, String> {
    let img = match r.key.1 {
        TexKind::Thumb => load_thumbnail(&r.paths, &r.photo),
        TexKind::Preview => load_preview(&r.paths, &r.photo),
    }
    .map_err(|e| format!("{}: {e}", r.photo.original_name))?;
    let size = [img.width() as usize, img.height() as usize];
    Ok(ColorImage::from_rgb(size, img.as_raw()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u32) -> Key {
        (PhotoId(format!("{n:016}")), TexKind::Preview)
    }

    #[test]
    fn least_recently_drawn_textures_go_first_and_the_budget_holds() {
        let ctx = egui::Context::default();
        let one = 10 * 10 * 4;
        let mut cache = TextureCache::with_budget(3 * one);
        for n in 0..5 {
            cache.frame += 1;
            cache.insert(
                &ctx,
                key(n),
                ColorImage::filled([10, 10], egui::Color32::RED),
            );
        }
        // Entry 0 was drawn again recently: it stays; 1 and 2 are the oldest.
        cache.frame += 1;
        if let Some(e) = cache.entries.get_mut(&key(0)) {
            e.last_used = cache.frame;
        }
        cache.frame += 2;
        cache.evict();
        assert!(cache.used_bytes() <= cache.budget_bytes());
        let mut kept: Vec<u32> = (0..5)
            .filter(|n| cache.entries.contains_key(&key(*n)))
            .collect();
        kept.sort_unstable();
        assert_eq!(kept, [0, 3, 4]);
    }

    #[test]
    fn textures_drawn_this_frame_are_never_evicted_even_over_budget() {
        let ctx = egui::Context::default();
        let mut cache = TextureCache::with_budget(1);
        cache.frame = 7;
        cache.insert(&ctx, key(1), ColorImage::filled([4, 4], egui::Color32::RED));
        cache.evict();
        assert!(cache.entries.contains_key(&key(1)));
    }
}
