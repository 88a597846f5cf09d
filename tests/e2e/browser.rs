//! Starting a WebDriver server and a session for each browser engine, and small named helpers
//! for what a reader does.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Map, Value};

/// How long any awaited condition may take before the scenario fails.
pub const PATIENCE: Duration = Duration::from_secs(15);

/// A browser engine the end-to-end suite runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Chromium, through chromedriver.
    Chromium,
    /// Firefox ESR, through geckodriver.
    Firefox,
    /// WebKitGTK's MiniBrowser, through WebKitWebDriver under Xvfb.
    WebKit,
}

impl Engine {
    /// Name as given in `E2E_ENGINES`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Chromium => "chromium",
            Self::Firefox => "firefox",
            Self::WebKit => "webkit",
        }
    }
}

/// A running WebDriver server; killed with its process group on drop.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("--")
            .arg(format!("-{}", self.child.id()))
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Starts the engine's WebDriver server and waits until it accepts connections.
pub fn start_driver(engine: Engine) -> Result<Driver, String> {
    use std::os::unix::process::CommandExt;
    let port = free_port();
    let mut command = match engine {
        Engine::Chromium => {
            let mut c = Command::new("chromedriver");
            c.arg(format!("--port={port}"));
            c
        }
        Engine::Firefox => {
            let mut c = Command::new("geckodriver");
            c.args(["--port", &port.to_string(), "--log", "error"]);
            c
        }
        Engine::WebKit => {
            let mut c = Command::new("xvfb-run");
            c.args(["-a", "-s", "-screen 0 1280x1024x24", "WebKitWebDriver"])
                .arg(format!("--port={port}"));
            c
        }
    };
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    let child = command
        .spawn()
        .map_err(|e| format!("{} could not start its driver: {e}", engine.name()))?;
    let driver = Driver { child, port };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(20) {
            return Err(format!("{} driver did not listen on {port}", engine.name()));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(driver)
}

/// Extra Chromium flags, e.g. to force a colour scheme.
pub fn capabilities(engine: Engine, profile_dir: &str, extra_args: &[&str]) -> Map<String, Value> {
    let value = match engine {
        Engine::Chromium => {
            let mut args: Vec<String> = [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--hide-scrollbars",
                "--window-size=1280,900",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            args.push(format!("--user-data-dir={profile_dir}"));
            args.extend(extra_args.iter().map(|s| s.to_string()));
            json!({
                "browserName": "chrome",
                "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args }
            })
        }
        Engine::Firefox => json!({
            "browserName": "firefox",
            "moz:firefoxOptions": { "args": ["-headless", "-width", "1280", "-height", "900"] }
        }),
        Engine::WebKit => json!({ "browserName": "MiniBrowser" }),
    };
    value.as_object().cloned().unwrap_or_default()
}

/// Opens a session, with a time limit: WebKit without a display hangs instead of failing.
pub async fn open_session(
    engine: Engine,
    driver: &Driver,
    profile_dir: &str,
    extra_args: &[&str],
) -> Result<Client, String> {
    let caps = capabilities(engine, profile_dir, extra_args);
    let url = format!("http://127.0.0.1:{}", driver.port);
    let connect = async {
        ClientBuilder::rustls()
            .map_err(|e| e.to_string())?
            .capabilities(caps)
            .connect(&url)
            .await
            .map_err(|e| e.to_string())
    };
    let client = tokio::time::timeout(Duration::from_secs(60), connect)
        .await
        .map_err(|_| format!("{} session did not start within 60 s", engine.name()))??;
    let _ = client.set_window_size(1280, 900).await;
    Ok(client)
}

/// The result of a step: a message that says what the reader would have seen.
pub type Step<T = ()> = Result<T, String>;

/// Adds context to WebDriver errors.
pub fn ctx<T, E: std::fmt::Display>(result: Result<T, E>, what: &str) -> Step<T> {
    result.map_err(|e| format!("{what}: {e}"))
}

/// Waits for an element matching `css`. Looking again every 20 ms while there is none, or
/// while the one found is replaced as it is found (WebKit's driver then answers "stale element
/// reference", which is not an answer about the page).
pub async fn wait_for(client: &Client, css: &str) -> Step<Element> {
    let started = Instant::now();
    loop {
        match client.find(Locator::Css(css)).await {
            Ok(element) => return Ok(element),
            Err(error)
                if (error.is_no_such_element() || error.is_stale_element_reference())
                    && started.elapsed() < PATIENCE =>
            {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(error) => {
                let page = client
                    .execute(
                        "const app = document.querySelector('[data-testid=app]'); \
                         const count = document.querySelector('[data-testid=result-count]'); \
                         return location.href + ', app ' + (app && app.dataset.state) + ', count ' \
                                + (count && count.dataset.count) + ', ' + document.readyState \
                                + (app && app.dataset.state === 'error' \
                                   ? ': ' + document.querySelector('main').textContent.slice(0, 300) : '')",
                        vec![],
                    )
                    .await
                    .map(|v| v.to_string())
                    .unwrap_or_else(|e| format!("unreadable ({e})"));
                return Err(format!(
                    "waiting for {css} ({} s): {error}; the page: {page}",
                    started.elapsed().as_secs()
                ));
            }
        }
    }
}

/// Fails if the current page reported a Content-Security-Policy violation.
pub async fn no_csp_violations(client: &Client) -> Step {
    let found = ctx(
        client.execute("return window.__csp || []", vec![]).await,
        "reading CSP violations",
    )?;
    match found.as_array() {
        Some(list) if !list.is_empty() => Err(format!("CSP violations: {found}")),
        _ => Ok(()),
    }
}

/// Opens a URL and waits until the app says the view is ready. The page being left must not
/// have reported a CSP violation.
pub async fn open(client: &Client, url: &str) -> Step {
    no_csp_violations(client).await?;
    ctx(client.goto(url).await, &format!("opening {url}"))?;
    wait_ready(client).await
}

/// Waits for `data-state=ready` on the app root.
pub async fn wait_ready(client: &Client) -> Step {
    wait_for(client, "[data-testid=app][data-state=ready]").await?;
    Ok(())
}

/// Presses and releases Enter, a real key press, on whatever has focus.
pub async fn press_enter(client: &Client) -> Step {
    let enter = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: '\u{E007}' })
        .then(KeyAction::Up { value: '\u{E007}' });
    ctx(client.perform_actions(enter).await, "pressing Enter")
}

/// Waits until `condition`, a script's body, returns `true`; fails with what `describe` (another
/// script's body) returns then.
pub async fn wait_until(client: &Client, condition: &str, describe: &str) -> Step {
    let started = Instant::now();
    loop {
        if script(client, condition).await? == Value::Bool(true) {
            return Ok(());
        }
        if started.elapsed() > PATIENCE {
            let now = script(client, describe).await?;
            return Err(format!("waited for `{condition}`: {now}"));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Clicks the first element matching `css`.
pub async fn click(client: &Client, css: &str) -> Step {
    let element = wait_for(client, css).await?;
    ctx(element.click().await, &format!("clicking {css}"))
}

/// The value of an attribute of the first element matching `css`.
pub async fn attr(client: &Client, css: &str, name: &str) -> Step<String> {
    let element = wait_for(client, css).await?;
    ctx(
        element.attr(name).await,
        &format!("reading {name} of {css}"),
    )?
    .ok_or_else(|| format!("{css} has no {name}"))
}

/// The `data-article-id` of every card, in display order.
pub async fn card_ids(client: &Client) -> Step<Vec<String>> {
    let value = ctx(
        client
            .execute(
                "return [...document.querySelectorAll('[data-testid=article-card]')].map(c => c.dataset.articleId)",
                vec![],
            )
            .await,
        "reading the cards",
    )?;
    Ok(serde_json::from_value(value).unwrap_or_default())
}

/// Runs a script and returns its JSON result.
pub async fn script(client: &Client, source: &str) -> Step<Value> {
    ctx(client.execute(source, vec![]).await, source)
}

/// The text of the first element matching `css`.
pub async fn text(client: &Client, css: &str) -> Step<String> {
    let element = wait_for(client, css).await?;
    ctx(element.text().await, &format!("reading the text of {css}"))
}

/// Fails with `message` unless `condition` holds.
pub fn check(condition: bool, message: impl FnOnce() -> String) -> Step {
    if condition {
        Ok(())
    } else {
        Err(message())
    }
}
