//! The sanitiser's browser walker: applies [`newsroom_core::sanitize`]'s policy to the browser's
//! own inert parse of untrusted HTML (`DOMParser`, as DOMPurify does).
//!
//! Nothing from the parsed document is moved into the page: every kept element is created fresh
//! by its allowed name in the page's document, with only the attributes the policy returns, and
//! text is copied as text. Markup is never serialised and re-parsed, which is where mutation XSS
//! lives.

use wasm_bindgen::JsCast;
use web_sys::{Document, DomParser, Element, Node, SupportedType};

use newsroom_core::sanitize::{
    added_attributes, attribute_value, element_action, BaseUrl, ElementAction, MAX_DEPTH,
};

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// The sanitised content of `html` inside a fresh `<div>`, or `None` outside a browser.
pub fn sanitize_html(html: &str, base: Option<&BaseUrl>) -> Option<Element> {
    let document = web_sys::window()?.document()?;
    let parsed = DomParser::new()
        .ok()?
        .parse_from_string(html, SupportedType::TextHtml)
        .ok()?;
    let container = document.create_element("div").ok()?;
    if let Some(body) = parsed.body() {
        copy_allowed(&document, &body, &container, base);
    }
    Some(container)
}

/// Walks `source`'s children depth first without recursion (input may nest 10,000 deep),
/// appending what the policy allows under `target`.
fn copy_allowed(document: &Document, source: &Node, target: &Element, base: Option<&BaseUrl>) {
    let mut stack: Vec<(Node, Element, usize)> = Vec::new();
    push_children(&mut stack, source, target, 0);
    while let Some((node, parent, depth)) = stack.pop() {
        match node.node_type() {
            Node::TEXT_NODE | Node::CDATA_SECTION_NODE => {
                let text = node.text_content().unwrap_or_default();
                let _ = parent.append_child(&document.create_text_node(&text));
            }
            Node::ELEMENT_NODE => {
                let Ok(element) = node.dyn_into::<Element>() else {
                    continue;
                };
                if element.namespace_uri().as_deref() != Some(HTML_NAMESPACE) {
                    continue;
                }
                match element_action(&element.local_name()) {
                    ElementAction::Remove => {}
                    ElementAction::Keep(_) | ElementAction::Unwrap if depth >= MAX_DEPTH => {
                        push_children(&mut stack, &element, &parent, depth);
                    }
                    ElementAction::Unwrap => push_children(&mut stack, &element, &parent, depth),
                    ElementAction::Keep(name) => {
                        let Ok(copy) = document.create_element(name) else {
                            continue;
                        };
                        copy_attributes(&element, &copy, name, base);
                        let _ = parent.append_child(&copy);
                        push_children(&mut stack, &element, &copy, depth + 1);
                    }
                }
            }
            // Comments, processing instructions, doctypes: dropped.
            _ => {}
        }
    }
}

fn push_children(
    stack: &mut Vec<(Node, Element, usize)>,
    source: &Node,
    target: &Element,
    depth: usize,
) {
    let children = source.child_nodes();
    for i in (0..children.length()).rev() {
        if let Some(child) = children.item(i) {
            stack.push((child, target.clone(), depth));
        }
    }
}

fn copy_attributes(source: &Element, copy: &Element, name: &str, base: Option<&BaseUrl>) {
    let attributes = source.attributes();
    for i in 0..attributes.length() {
        let Some(attribute) = attributes.item(i) else {
            continue;
        };
        if attribute.namespace_uri().is_some() {
            continue;
        }
        if let Some(value) =
            attribute_value(name, &attribute.local_name(), &attribute.value(), base)
        {
            let _ = copy.set_attribute(&attribute.local_name().to_ascii_lowercase(), &value);
        }
    }
    for (attribute, value) in added_attributes(name) {
        let _ = copy.set_attribute(attribute, value);
    }
}
