//! Fetching the chunks of cards the views ask for (see `ArchiveHandle::article`), each once.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::load::fetch_cards;
use crate::state::{Action, ChunkState, Loading};
use newsroom_core::archive::Archive;

/// The callback a handle calls for a chunk it does not have (see `ArchiveHandle::with_cards`):
/// fetches it, once, and tells `loading` it was asked for, then that it came or failed. A
/// chunk that fails is forgotten, so that a retry fetches it again. (The views render again
/// once every chunk asked for has come, not at each: see `ArchiveHandle`'s equality.)
pub fn card_requests(loading: UseReducerDispatcher<Loading>) -> Callback<(Rc<Archive>, usize)> {
    let asked: Rc<RefCell<Vec<usize>>> = Rc::default();
    Callback::from(move |(archive, chunk): (Rc<Archive>, usize)| {
        if asked.borrow().contains(&chunk) {
            return;
        }
        asked.borrow_mut().push(chunk);
        let (loading, asked) = (loading.clone(), asked.clone());
        // After the render that asks (a state changed during a render can be lost), in the
        // same task: the view says `loading` before the browser paints or runs anything else.
        wasm_bindgen_futures::spawn_local(async move {
            loading.dispatch(Action::Cards {
                chunk,
                state: ChunkState::Asked,
            });
            let state = read_cards(&archive, chunk).await;
            if matches!(state, ChunkState::Failed) {
                asked.borrow_mut().retain(|&at| at != chunk);
            }
            loading.dispatch(Action::Cards { chunk, state });
        });
    })
}

/// Chunk `chunk` of `archive`'s cards, read, or failed (the console says why).
pub async fn read_cards(archive: &Archive, chunk: usize) -> ChunkState {
    match fetch_cards(archive, chunk).await {
        Ok(read) => ChunkState::Read(Rc::new(read)),
        Err(error) => {
            web_sys::console::error_1(&error.to_string().into());
            ChunkState::Failed
        }
    }
}
