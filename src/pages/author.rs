//! `/authors/{slug}/`: an author's bio and articles, filterable by topic.

use yew::prelude::*;

use crate::app::ArchiveHandle;
use crate::components::list_view::ListView;
use crate::core::query::{FixedFacet, ListQuery};
use crate::core::route::Route;
use crate::core::sanitize::{safe_image_url, safe_link_url};
use crate::pages::not_found::NotFoundPage;

/// Props of [`AuthorPage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The archive.
    pub archive: ArchiveHandle,
    /// The author's slug from the path.
    pub slug: AttrValue,
    /// List state from the URL.
    pub query: ListQuery,
}

/// An author page.
#[function_component(AuthorPage)]
pub fn author_page(props: &Props) -> Html {
    let site = props.archive.info.title.clone();
    let found = props.archive.author_by_slug(&props.slug);
    let name = found
        .and_then(|a| props.archive.author(a))
        .map(|a| a.name.clone());
    use_effect_with((name.clone(), site.clone()), |(name, site)| {
        if let Some(name) = name {
            crate::nav::set_title(Some(name), site);
        }
    });
    let (Some(idx), Some(author)) = (found, found.and_then(|a| props.archive.author(a))) else {
        return html! { <NotFoundPage site={site} what={Some(AttrValue::from("author"))} /> };
    };
    let count = props.archive.author_article_count(idx);
    html! {
        <>
            <header class="profile">
                if let Some(avatar) = author.avatar.as_deref().and_then(safe_image_url) {
                    <img class="avatar" src={avatar} alt="" width="96" height="96" referrerpolicy="no-referrer" />
                }
                <div>
                    <p class="kicker">{ "Author" }</p>
                    <h1 class="page-title">{ author.name.clone() }</h1>
                    if let Some(bio) = &author.bio {
                        <p class="bio">{ bio.clone() }</p>
                    }
                    <p class="profile-meta">
                        { format!("{count} {}", if count == 1 { "article" } else { "articles" }) }
                        if let Some(url) = author.url.as_deref().and_then(safe_link_url) {
                            { " · " }<a href={url} rel="me noopener noreferrer nofollow">{ "Profile" }</a>
                        }
                    </p>
                </div>
            </header>
            <ListView archive={props.archive.clone()} route={Route::Author(author.slug.clone())}
                      query={props.query.clone()} fixed={Some(FixedFacet::Author(idx))} />
        </>
    }
}
