// Command conformance runs the idpsim conformance features: it acts on a fake
// Okta and checks, on a SCIM service, the outcomes Cast AI's "Managing IdP
// user group sync" guide promises. With no arguments it starts idpsim and
// castsim in-process and runs every scenario against them; with
// --target-scim-url it checks your own service. Exit status 0 means every
// scenario passed, 1 that one failed or none ran, 2 that the options or the
// set-up were wrong (found before any scenario runs).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/idpsim/idpsim/harness"
	"github.com/idpsim/idpsim/internal/serve"
	"github.com/idpsim/idpsim/simulator/castai"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	cfg, ctr, err := parseOptions(args, stderr, getenv)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		printError(stderr, err)
		return 2
	}
	cfg.Output, cfg.Warnings = stdout, stderr
	if !colourAllowed(stdout, getenv) {
		cfg.NoColor = true
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if ctr.enabled() {
		// Building images takes a while: a bad report path should not wait
		// for it.
		if err := cfg.PrepareReports(); err != nil {
			printError(stderr, err)
			return 2
		}
		var stopStack func()
		if cfg, stopStack, err = ctr.start(ctx, cfg, stderr); err != nil {
			printError(stderr, err)
			return 2
		}
		defer stopStack()
	}
	res, err := harness.Run(ctx, cfg)
	if res != nil {
		res.WriteSummary(stdout)
	}
	if err != nil {
		printError(stderr, err)
		return 2
	}
	if !res.OK() {
		return 1
	}
	return 0
}

// printError writes each line of err (errors.Join makes one per problem)
// as a line of its own.
func printError(w io.Writer, err error) {
	for line := range strings.SplitSeq(err.Error(), "\n") {
		fmt.Fprintln(w, "conformance:", line)
	}
}

// colourAllowed reports whether the output may carry ANSI colours: only to
// a terminal, and never when NO_COLOR is set (https://no-color.org) or TERM
// is dumb. Reports piped to a file or a CI log stay plain text.
func colourAllowed(out io.Writer, getenv func(string) string) bool {
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := out.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// envPrefix starts the environment twin of every flag.
const envPrefix = "CONFORMANCE_"

func parseFlags(args []string, stderr io.Writer, getenv func(string) string) (harness.Config, error) {
	cfg, _, err := parseOptions(args, stderr, getenv)
	return cfg, err
}

// parseOptions reads the flags of the run and of its container mode
// (containers.go).
func parseOptions(args []string, stderr io.Writer, getenv func(string) string) (
	harness.Config, *containerFlags, error,
) {
	var cfg harness.Config
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(fs) }

	fs.StringVar(&cfg.TargetSCIMURL, "target-scim-url", "",
		"SCIM base URL of the service under test, e.g. https://host/scim/v2 (default: embedded castsim)")
	fs.StringVar(&cfg.TargetSCIMToken, "target-scim-token", "", "bearer token of the SCIM service")
	fs.StringVar(&cfg.TargetConsoleURL, "target-console-url", "",
		"base URL of its Cast AI-style console API (without it @console scenarios are skipped)")
	fs.StringVar(&cfg.TargetAPIKey, "target-api-key", "", "X-API-Key of the console API")
	fs.StringVar(&cfg.TargetOrgID, "target-org-id", "", "organization id in the console API")
	fs.StringVar(&cfg.IDPURL, "idp-url", "", "URL of a running idpsim (default: one in-process)")
	fs.StringVar(&cfg.IDPToken, "idp-token", "", "admin (SSWS) token of that idpsim")
	fs.DurationVar(&cfg.WaitTimeout, "wait-timeout", 0,
		"bound of every eventual outcome (default 20s; 5s embedded)")
	fs.DurationVar(&cfg.PollInterval, "poll-interval", harness.DefaultPollInterval,
		"pause between checks of an eventual outcome")
	fs.StringVar(&cfg.RunID, "run-id", "", "prefix of every name created on a shared target (default random)")
	fs.BoolVar(&cfg.Cleanup, "cleanup", true, "delete what the run created on a shared target")
	fs.StringVar(&cfg.Tags, "tags", "",
		"scenarios to run: @tag, ~@tag (not), && (and), a comma (or), e.g. '@scim && ~@serial'")
	fs.IntVar(&cfg.Concurrency, "concurrency", 0,
		fmt.Sprintf("scenarios run at once (default %d; 1 with --format pretty)", harness.DefaultConcurrency))
	fs.Int64Var(&cfg.Random, "random", 0, "shuffle scenarios with this seed (-1 picks one)")
	fs.StringVar(&cfg.Format, "format", "progress", "output format: pretty or progress")
	fs.BoolVar(&cfg.NoColor, "no-color", false, "no ANSI colours (only a terminal gets them; NO_COLOR too)")
	fs.StringVar(&cfg.JUnitFile, "junit", "", "write a JUnit XML report to this file")
	fs.StringVar(&cfg.CucumberFile, "cucumber", "", "write a Cucumber JSON report to this file")
	defects := fs.String("defect", "", "comma-separated castsim defect modes (embedded target only)")
	logLevel := fs.String("log-level", "", "log the servers and the harness to stderr: debug, info, warn, error")

	ctr := addContainerFlags(fs)

	// Every problem is reported at once, except a command line the flag
	// package cannot read: it has said why already.
	errs := []error{applyEnv(fs, getenv)}
	if err := fs.Parse(args); err != nil {
		return cfg, ctr, err
	}
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected arguments %q: conformance takes only flags (see --help)", fs.Args()))
	}
	cfg.Defects = splitList(*defects)
	if *logLevel != "" {
		lvl, err := serve.ParseLevel(*logLevel)
		errs = append(errs, err)
		cfg.Logger = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: lvl}))
	}
	if ctr.enabled() {
		errs = append(errs, ctr.check(cfg), cfg.CheckRun())
	} else {
		errs = append(errs, cfg.Validate())
	}
	return cfg, ctr, errors.Join(errs...)
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(v string) []string {
	var out []string
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// applyEnv sets each flag from its CONFORMANCE_ twin (--target-scim-url is
// CONFORMANCE_TARGET_SCIM_URL); flags on the command line win.
func applyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		if v := getenv(name); v != "" {
			if err := f.Value.Set(v); err != nil {
				errs = append(errs, fmt.Errorf("%s (--%s) = %q: %s", name, f.Name, v, wanted(f, err)))
			}
		}
	})
	return errors.Join(errs...)
}

// wanted says what a flag takes, for an environment value it refused. The
// flag package's own error ("parse error") does not.
func wanted(f *flag.Flag, err error) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return err.Error()
	}
	switch g.Get().(type) {
	case bool:
		return "want true or false"
	case int, int64:
		return "want a whole number"
	case time.Duration:
		return "want a duration such as 30s or 500ms"
	}
	return err.Error()
}

func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func usage(fs *flag.FlagSet) {
	out := fs.Output()
	fmt.Fprint(out, `Usage: conformance [flags]

Runs the idpsim conformance features. With no flags it starts idpsim and
castsim in-process on free loopback ports and runs every scenario against
them. Against your own SCIM service:

  conformance --target-scim-url https://host/scim/v2 --target-scim-token TOKEN \
      [--target-console-url https://host --target-api-key KEY --target-org-id ORG]

In Docker, with images built from this repository (run it from the repo):

  conformance --containers            # idpsim and castsim containers
  conformance --target-image acme/scim:1 --target-scim-port 8080 \
      --target-scim-token TOKEN [--target-scim-path /scim/v2 --target-health-path /healthz]

Exit status: 0 every scenario passed, 1 a scenario failed (or none ran),
2 bad options or set-up: an unknown defect, a tag expression that does not
parse, a report file that cannot be written, a target that does not answer.
Every flag has an environment twin: --target-scim-url is CONFORMANCE_TARGET_SCIM_URL.

Flags:
`)
	fs.PrintDefaults()
	fmt.Fprint(out, "\nTime limits are Go durations such as 30s or 500ms.\n\nDefect modes of the embedded castsim:\n")
	for _, d := range castai.Defects() {
		fmt.Fprintf(out, "  %-32s %s\n", d.Name, d.Description)
	}
}
