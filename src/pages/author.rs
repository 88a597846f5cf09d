//! `/authors/{slug}/`: an author's bio and articles, filterable by topic.

use yew::prelude::*;

use crate::components::list_view::ListView;
use crate::pages::not_found::not_found_page;
use crate::pages::topic::articles_count;
use crate::state::ArchiveHandle;
use newsroom_core::query::{FixedFacet, ListQuery};
use newsroom_core::route::Route;
use newsroom_core::sanitize::{safe_image_url, safe_link_url};

/// An author page, or not-found for an unknown slug.
pub fn author_page(archive: &ArchiveHandle, slug: &str, query: ListQuery) -> Html {
    let Some((idx, author)) = archive
        .author_by_slug(slug)
        .and_then(|a| Some((a, archive.author(a)?)))
    else {
        return not_found_page(Some("author"));
    };
    let count = archive.author_article_count(idx);
    html! {
        <>
            <header class="profile">
                if let Some(avatar) = author.avatar.as_deref().and_then(safe_image_url) {
                    <img class="avatar" src={avatar} alt="" width="96" height="96" referrerpolicy="no-referrer" />
                }
                <div>
                    <p class="kicker">{ "Author" }</p>
                    <h1 tabindex="-1" class="page-title">{ author.name.clone() }</h1>
                    if let Some(bio) = &author.bio {
                        <p class="bio">{ bio.clone() }</p>
                    }
                    <p class="profile-meta">
                        { articles_count(count) }
                        if let Some(url) = author.url.as_deref().and_then(safe_link_url) {
                            { " · " }<a href={url} rel="me noopener noreferrer nofollow">{ "Profile" }</a>
                        }
                    </p>
                </div>
            </header>
            <ListView archive={archive.clone()} route={Route::Author(author.slug.clone())}
                      {query} fixed={Some(FixedFacet::Author(idx))} />
        </>
    }
}
