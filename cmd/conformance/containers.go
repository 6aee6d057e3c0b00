package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/idpsim/idpsim/harness"
	"github.com/idpsim/idpsim/harness/containers"
)

// containerFlags are the options of the container mode: idpsim and the
// target run as Docker containers built from this repository (package
// harness/containers), or the target is the user's own image.
type containerFlags struct {
	on         bool
	image      string
	scimPort   int
	scimPath   string
	healthPath string
	env        envList
}

// envList is the repeatable --target-env KEY=VALUE flag.
type envList map[string]string

func (e envList) String() string { return fmt.Sprint(map[string]string(e)) }

func (e envList) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", v)
	}
	e[k] = val
	return nil
}

func addContainerFlags(fs *flag.FlagSet) *containerFlags {
	c := containerFlags{env: envList{}}
	fs.BoolVar(&c.on, "containers", false,
		"build idpsim and castsim images from this repository and run the suite against them in Docker")
	fs.StringVar(&c.image, "target-image", "",
		"run the suite against this SCIM service image instead of castsim (implies --containers)")
	fs.IntVar(&c.scimPort, "target-scim-port", 0,
		"port --target-image serves SCIM on; published on 127.0.0.1 under the same number")
	fs.StringVar(&c.scimPath, "target-scim-path", containers.DefaultSCIMPath,
		"SCIM base path of --target-image")
	fs.StringVar(&c.healthPath, "target-health-path", "",
		"path of --target-image polled until 2xx (default: its SCIM ServiceProviderConfig)")
	fs.Var(c.env, "target-env", "KEY=VALUE in the environment of --target-image (repeatable)")
	return &c
}

func (c *containerFlags) enabled() bool { return c.on || c.image != "" }

// check reports every option that does not go with the container mode.
func (c *containerFlags) check(cfg harness.Config) error {
	var errs []error
	if cfg.TargetSCIMURL != "" || cfg.TargetConsoleURL != "" || cfg.IDPURL != "" || cfg.IDPToken != "" {
		errs = append(errs, errors.New("--containers starts its own idpsim and target: "+
			"drop --target-scim-url, --target-console-url, --idp-url and --idp-token"))
	}
	if len(cfg.Defects) > 0 {
		errs = append(errs, errors.New("--defect applies to the embedded target only"))
	}
	switch {
	case c.image != "" && (c.scimPort == 0 || cfg.TargetSCIMToken == ""):
		errs = append(errs, errors.New("--target-image needs --target-scim-port and --target-scim-token"))
	case c.image == "" && (c.scimPort != 0 || cfg.TargetSCIMToken != "" || len(c.env) > 0):
		errs = append(errs, errors.New("--target-scim-port, --target-scim-token and --target-env "+
			"go with --target-image (castsim's container has a token of its own)"))
	}
	return errors.Join(errs...)
}

// start builds the images, starts the stack and returns cfg pointed at it,
// with the function that removes it.
func (c *containerFlags) start(ctx context.Context, cfg harness.Config, stderr io.Writer) (
	harness.Config, func(), error,
) {
	// The stack removes its containers itself; the reaper's image may not be
	// reachable.
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		_ = os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	o := containers.Options{Logger: logger}
	if c.image != "" {
		o.Target = &containers.TargetImage{
			Image: c.image, SCIMPort: c.scimPort, SCIMPath: c.scimPath,
			SCIMToken: cfg.TargetSCIMToken, HealthPath: c.healthPath, Env: c.env,
		}
	}
	st, err := containers.StartStack(ctx, o)
	if err != nil {
		return cfg, nil, fmt.Errorf("start containers: %w", err)
	}
	stop := func() {
		if err := st.Terminate(context.Background()); err != nil {
			fmt.Fprintln(stderr, "conformance:", err)
		}
	}
	return st.HarnessConfig(cfg), stop, nil
}
