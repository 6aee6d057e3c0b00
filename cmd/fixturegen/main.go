// Command fixturegen writes a generated idpsim fixture: an org of fake people
// in team groups, optionally with a SCIM app that pushes them to castsim. The
// same flags and version always give a byte-identical file.
//
//	fixturegen --seed 7 --users 1000 --groups 50 --push-groups --out org.yaml
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/idpsim/idpsim/fixtures"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	opts, out, header, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		fmt.Fprintf(stderr, "fixturegen: %v\n", err)
		return 2
	}

	if err := generate(opts, out, header, stdout); err != nil {
		fmt.Fprintf(stderr, "fixturegen: %v\n", err)
		return 1
	}
	return 0
}

// generate builds, checks and writes the document.
func generate(opts fixtures.GenerateOptions, out, header string, stdout io.Writer) error {
	doc := fixtures.Generate(opts)
	if err := doc.Validate(); err != nil {
		return fmt.Errorf("generated fixture is invalid: %w", err)
	}
	data, err := doc.Marshal()
	if err != nil {
		return err
	}
	data = append([]byte(header), data...)

	if out == "" || out == "-" {
		if _, err := stdout.Write(data); err != nil {
			return fmt.Errorf("write fixture: %w", err)
		}
		return nil
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return fmt.Errorf("write fixture: %w", err)
	}
	return nil
}

// parseFlags reads the command line into generator options, the output path
// and a header comment naming the flags that were set.
func parseFlags(args []string, stderr io.Writer) (fixtures.GenerateOptions, string, string, error) {
	var (
		opts fixtures.GenerateOptions
		app  fixtures.AppOptions
		out  string
	)
	fs := flag.NewFlagSet("fixturegen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(fs) }

	fs.Int64Var(&opts.Seed, "seed", 1, "random seed; the same seed gives the same file")
	fs.IntVar(&opts.Users, "users", 20, "number of users")
	fs.IntVar(&opts.Groups, "groups", 4, "number of groups")
	fs.Float64Var(&opts.MembershipsPerUser, "memberships-per-user", 1.5,
		"average number of groups per user (a fraction puts some users in one more)")
	fs.IntVar(&opts.Memberships, "memberships", 0,
		"approximate total of memberships; overrides --memberships-per-user")
	fs.StringVar(&opts.Domain, "domain", fixtures.DefaultDomain, "email domain of the users")
	fs.StringVar(&out, "out", "", "file to write (default standard output)")

	fs.StringVar(&app.ID, "app-id", fixtures.GeneratedID(fixtures.AppIDPrefix, 0), "app id")
	fs.StringVar(&app.Label, "app-label", fixtures.DefaultAppLabel, "app label")
	fs.StringVar(&app.ClientProfile, "app-profile", "oin", "app client profile: oin or aiw")
	fs.StringVar(&app.BaseURL, "app-base-url", fixtures.DefaultSCIMURL, "SCIM base URL of the app")
	fs.StringVar(&app.Token, "app-token", fixtures.DefaultSCIMToken, "SCIM bearer token of the app")
	fs.BoolVar(&app.AssignAllUsers, "assign-users", false, "assign every user to the app directly")
	fs.BoolVar(&app.AssignAllGroups, "assign-groups", false, "assign every group to the app")
	fs.BoolVar(&app.PushAllGroups, "push-groups", false, "push every group to the app")

	if err := fs.Parse(args); err != nil {
		return opts, "", "", err
	}
	if fs.NArg() > 0 {
		return opts, "", "", fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}
	if err := checkCounts(opts); err != nil {
		return opts, "", "", err
	}
	if !fixtures.ValidEmail("user@" + opts.Domain) {
		return opts, "", "", fmt.Errorf("--domain %q: users' emails would not be addresses "+
			"(want a domain such as example.com)", opts.Domain)
	}

	set := setFlags(fs)
	if slices.ContainsFunc(set, func(name string) bool {
		return strings.HasPrefix(name, "app-") || name == "assign-users" ||
			name == "assign-groups" || name == "push-groups"
	}) {
		opts.App = &app
	}
	return opts, out, header(fs, set), nil
}

func checkCounts(opts fixtures.GenerateOptions) error {
	var errs []error
	if opts.Users < 0 {
		errs = append(errs, fmt.Errorf("--users %d is negative", opts.Users))
	}
	if opts.Groups < 0 {
		errs = append(errs, fmt.Errorf("--groups %d is negative", opts.Groups))
	}
	if opts.MembershipsPerUser < 0 {
		errs = append(errs, fmt.Errorf("--memberships-per-user %g is negative",
			opts.MembershipsPerUser))
	}
	if opts.Memberships < 0 {
		errs = append(errs, fmt.Errorf("--memberships %d is negative", opts.Memberships))
	}
	return errors.Join(errs...)
}

// setFlags lists the names of the flags given on the command line, sorted.
func setFlags(fs *flag.FlagSet) []string {
	var names []string
	fs.Visit(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// header is a YAML comment that says how the file was made. The output path
// and the token are left out: neither changes the data, and a token is a
// secret.
func header(fs *flag.FlagSet, set []string) string {
	var b strings.Builder
	b.WriteString("# Generated by fixturegen")
	for _, name := range set {
		if name == "out" || name == "app-token" {
			continue
		}
		fmt.Fprintf(&b, " --%s=%s", name, fs.Lookup(name).Value)
	}
	b.WriteString("; do not edit.\n")
	return b.String()
}

func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprint(w, `Usage: fixturegen [flags]

Writes a generated idpsim fixture (YAML) of fake users in team groups. The same
flags give a byte-identical file. Any --app-*, --assign-* or --push-groups flag
adds a SCIM app, by default pointing at castsim's local address and demo token.

Flags:
`)
	fs.PrintDefaults()
}
