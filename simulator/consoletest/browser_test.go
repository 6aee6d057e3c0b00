package consoletest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// stepLimit bounds one browser step; a step that needs longer has failed.
const stepLimit = 20 * time.Second

// findChromium returns the browser binary: CHROMIUM_PATH, else the first of
// Debian's and other usual names on PATH.
func findChromium() string {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is one headless Chromium tab at 1280×800 that saves screenshots.
type browser struct {
	t     *testing.T
	ctx   context.Context
	shots string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := findChromium()
	if path == "" {
		msg := "Chromium not found: install Debian's chromium package " +
			"(apt-get install -y chromium) or set CHROMIUM_PATH"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("hide-scrollbars", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// The first run starts the browser; it must get the browser's own
	// context, since cancelling a derived one would close the browser.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx, shots: screenshotDir(t)}
}

func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("CONSOLE_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("create screenshot folder: %v", err)
	}
	return dir
}

// do runs browser steps, failing the test on the first error.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepLimit)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.failure()
		b.t.Fatalf("browser: %v", err)
	}
}

// failure saves what the browser showed when a step failed, as
// failed-<test>.png, for the CI artifacts.
func (b *browser) failure() {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return
	}
	name := "failed-" + strings.ReplaceAll(b.t.Name(), "/", "_") + ".png"
	_ = os.WriteFile(filepath.Join(b.shots, name), png, 0o644)
}

// text returns the visible text of the first element matching a CSS
// selector.
func (b *browser) text(css string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepLimit)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("read text of %s: %v", css, err)
	}
	return s
}

func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("read location: %v", err)
	}
	return loc
}

// shot saves a screenshot of the viewport as <name>.png; readme names the
// file docs/img takes it under when CONSOLE_README_IMAGES=1.
func (b *browser) shot(name, readme string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepLimit)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		b.t.Fatalf("save screenshot %s: %v", name, err)
	}
	if readme != "" && os.Getenv("CONSOLE_README_IMAGES") == "1" {
		path := filepath.Join("..", "..", "docs", "img", readme+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			b.t.Fatalf("save README image %s: %v", readme, err)
		}
	}
}

// expectText fails unless the element's text contains want.
func (b *browser) expectText(css, want string) {
	b.t.Helper()
	if got := b.text(css); !strings.Contains(got, want) {
		b.t.Fatalf("%s reads %q, want it to contain %q", css, got, want)
	}
}
