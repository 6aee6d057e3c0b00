// Package consoletest drives idpsim's admin console and castsim's console in
// a real browser (Chromium through chromedp), following Cast AI's Okta guide
// click by click, and saves screenshots of every step.
//
// The tests need Debian's chromium package (or CHROMIUM_PATH). Without it
// they skip with a message, except under CI=true, where they fail.
// Screenshots go to artifacts/screenshots at the repository root, or to
// CONSOLE_SCREENSHOTS when set; with CONSOLE_README_IMAGES=1 the shots the
// README uses are also written to docs/img.
package consoletest
