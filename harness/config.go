package harness

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/idpsim/idpsim/simulator/castai"
)

// Defaults for Config fields left zero.
const (
	DefaultWaitTimeout = 20 * time.Second
	// EmbeddedWaitTimeout is the default bound in embedded mode, where the
	// targets answer at once and only a broken one makes a step wait.
	EmbeddedWaitTimeout = 5 * time.Second
	DefaultPollInterval = 20 * time.Millisecond
	DefaultConcurrency  = 8
	// EmbeddedTimeScale shrinks the embedded idpsim's waits (Retry-After,
	// push delays) so the suite keeps Okta's schedule without its length.
	EmbeddedTimeScale = 0.001
)

// Config is one conformance run. Without a target SCIM URL the run is
// embedded: every scenario gets an idpsim and a castsim of its own.
type Config struct {
	// TargetSCIMURL and TargetSCIMToken name the SCIM service under test.
	TargetSCIMURL   string
	TargetSCIMToken string
	// TargetConsoleURL, TargetAPIKey and TargetOrgID name its console API;
	// without them @console scenarios are skipped.
	TargetConsoleURL string
	TargetAPIKey     string
	TargetOrgID      string
	// IDPURL and IDPToken name a running idpsim; without them an in-process
	// one serves the run.
	IDPURL   string
	IDPToken string
	// Defects start the embedded castsim with these defect modes (tests of
	// the harness's detection power).
	Defects []string

	WaitTimeout  time.Duration // bound of every eventual outcome
	PollInterval time.Duration // between checks of an eventual outcome
	RunID        string        // prefix of every name on a shared target
	Cleanup      bool          // delete what the run created on a shared target; the command defaults it on

	Tags         string // godog tag expression
	Concurrency  int
	Random       int64  // scenario order seed; 0 keeps file order, -1 picks one
	Format       string // pretty or progress
	NoColor      bool
	JUnitFile    string
	CucumberFile string

	Output   io.Writer    // where the formatter and summary go
	Warnings io.Writer    // one line per doubt about the set-up (a refused token); discarded when nil
	Logger   *slog.Logger // servers' and harness logs; discarded when nil
}

// Embedded reports whether the run starts its own targets.
func (c Config) Embedded() bool { return c.TargetSCIMURL == "" }

// HasConsole reports whether @console scenarios can run.
func (c Config) HasConsole() bool {
	return c.Embedded() || (c.TargetConsoleURL != "" && c.TargetAPIKey != "" && c.TargetOrgID != "")
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	return errors.Join(c.checkTargets(), c.CheckRun())
}

// checkTargets reports problems of the target and idpsim options.
func (c Config) checkTargets() error {
	var errs []error
	urls := []struct{ name, v string }{
		{"target SCIM URL", c.TargetSCIMURL}, {"target console URL", c.TargetConsoleURL}, {"idp URL", c.IDPURL},
	}
	for _, f := range urls {
		name, v := f.name, f.v
		if v == "" {
			continue
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s %q is not an http(s) URL", name, v))
		}
	}
	if c.TargetSCIMURL != "" && c.TargetSCIMToken == "" {
		errs = append(errs, errors.New("a target SCIM URL needs a target SCIM token"))
	}
	if c.TargetSCIMURL == "" && (c.TargetSCIMToken != "" || c.TargetConsoleURL != "") {
		errs = append(errs, errors.New("target token or console given without a target SCIM URL"))
	}
	if c.TargetConsoleURL != "" && (c.TargetAPIKey == "" || c.TargetOrgID == "") {
		errs = append(errs, errors.New("a target console URL needs an API key and an org id"))
	}
	switch {
	case c.TargetSCIMURL == "" && (c.IDPURL != "" || c.IDPToken != ""):
		errs = append(errs, errors.New("--idp-url and --idp-token go with --target-scim-url: "+
			"the embedded run starts an idpsim of its own"))
	case (c.IDPURL == "") != (c.IDPToken == ""):
		errs = append(errs, errors.New("an idp URL and an idp token go together"))
	}
	if c.TargetSCIMURL != "" && len(c.Defects) > 0 {
		errs = append(errs, errors.New("defects apply to the embedded castsim only: drop them or the target SCIM URL"))
	}
	return errors.Join(append(errs, checkDefects(c.Defects))...)
}

// CheckRun reports problems of the options that shape the run whatever its
// target: time bounds, concurrency, format, tags and report files. Validate
// includes it; a caller that sets the targets later (containers) checks
// these first.
func (c Config) CheckRun() error {
	errs := []error{checkTags(c.Tags), c.checkReportPaths()}
	if c.WaitTimeout < 0 || c.PollInterval < 0 || c.Concurrency < 0 {
		errs = append(errs, errors.New("wait timeout, poll interval and concurrency must not be negative"))
	}
	if c.Format != "" && c.Format != "pretty" && c.Format != "progress" {
		errs = append(errs, fmt.Errorf("format %q: want pretty or progress", c.Format))
	}
	return errors.Join(errs...)
}

// checkDefects reports the names that are not defect modes of castsim.
func checkDefects(names []string) error {
	var valid, unknown []string
	for _, d := range castai.Defects() {
		valid = append(valid, d.Name)
	}
	for _, n := range names {
		if !slices.Contains(valid, n) {
			unknown = append(unknown, strconv.Quote(n))
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	return fmt.Errorf("unknown defect %s: want one of %s", strings.Join(unknown, ", "), strings.Join(valid, ", "))
}

func (c Config) withDefaults() Config {
	if c.WaitTimeout == 0 && c.Embedded() {
		c.WaitTimeout = EmbeddedWaitTimeout
	}
	if c.WaitTimeout == 0 {
		c.WaitTimeout = DefaultWaitTimeout
	}
	if c.PollInterval == 0 {
		c.PollInterval = DefaultPollInterval
	}
	if c.Format == "" {
		c.Format = "progress"
	}
	if c.Concurrency == 0 && c.Format == "pretty" {
		// godog's pretty formatter interleaves concurrent scenarios; one
		// at a time keeps the output readable and costs about a second.
		c.Concurrency = 1
	}
	if c.Concurrency == 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.RunID == "" {
		c.RunID = newRunID()
	}
	if c.Output == nil {
		c.Output = io.Discard
	}
	if c.Warnings == nil {
		c.Warnings = io.Discard
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}
