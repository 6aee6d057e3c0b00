package harness

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cucumber/godog"

	"github.com/idpsim/idpsim/features"
)

// Run runs the conformance features as cfg says and returns their result.
// An error means the run could not take place (bad options, a target that
// cannot be reached); failed scenarios are in the Result.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	return run(ctx, cfg, runOptions{})
}

// runOptions are what tests change beyond Config.
type runOptions struct {
	testingT *testing.T // run every scenario as a subtest
	features fs.FS      // features to run instead of the embedded ones
}

func run(ctx context.Context, cfg Config, ro runOptions) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("check options: %w", err)
	}
	cfg = cfg.withDefaults()
	if cfg.Random == -1 {
		// Picked here rather than by godog, which would not say which seed
		// it took: the summary prints it so the order can be repeated.
		cfg.Random = rand.Int64N(math.MaxInt64-1) + 1
	}
	contents, titles, err := loadFeatures(ro.features)
	if err != nil {
		return nil, err
	}
	env, err := newEnvironment(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer env.close()
	if err := cfg.PrepareReports(); err != nil {
		return nil, err
	}

	r := &runner{cfg: cfg, env: env, rec: newRecorder(titles), gate: &serialGate{}}
	out := &totalsFilter{out: cfg.Output}
	opts := godog.Options{
		Format: cfg.Format, Output: out, NoColors: cfg.NoColor, Tags: cfg.Tags,
		Concurrency: cfg.Concurrency, Randomize: cfg.Random, Strict: true,
		FeatureContents: contents, DefaultContext: ctx, TestingT: ro.testingT,
	}
	if cfg.CucumberFile != "" {
		opts.Format += ",cucumber:" + cfg.CucumberFile
	}
	started := time.Now()
	suite := godog.TestSuite{Name: "conformance", ScenarioInitializer: r.initScenario, Options: &opts}
	err = runSuite(suite)
	out.flush()
	if err != nil {
		return nil, err
	}
	res := r.rec.result(time.Since(started))
	res.Seed = cfg.Random
	res.FeatureTags = featureTags(contents)
	if cfg.JUnitFile != "" {
		if err := res.WriteJUnitFile(cfg.JUnitFile); err != nil {
			return res, err
		}
	}
	return res, nil
}

// runSuite runs godog, turning its option errors into an error. godog
// v0.16.0 panics on a malformed tag expression (such as "@a &&") while it
// filters the features, before any scenario starts. Config.Validate refuses
// the expressions known to do so; should another one slip through, the
// panic still becomes the same one-line error.
func runSuite(suite godog.TestSuite) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if err = checkTags(suite.Options.Tags); err == nil {
				err = fmt.Errorf("run features: godog stopped: %v", p)
			}
		}
	}()
	if status := suite.Run(); status > 1 {
		return fmt.Errorf("run features: godog refused the options (status %d)", status)
	}
	return nil
}

// loadFeatures reads every .feature file of fsys (the embedded ones when
// nil) and the title of each.
func loadFeatures(fsys fs.FS) ([]godog.Feature, map[string]string, error) {
	if fsys == nil {
		fsys = features.Files
	}
	paths, err := fs.Glob(fsys, "*.feature")
	if err != nil {
		return nil, nil, fmt.Errorf("list features: %w", err)
	}
	if len(paths) == 0 {
		return nil, nil, errors.New("list features: none found")
	}
	slices.Sort(paths)
	var out []godog.Feature
	titles := map[string]string{}
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, nil, fmt.Errorf("read feature %s: %w", p, err)
		}
		out = append(out, godog.Feature{Name: p, Contents: data})
		titles[p] = featureTitle(data)
	}
	return out, titles, nil
}

func featureTitle(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if title, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "Feature:"); ok {
			return strings.TrimSpace(title)
		}
	}
	return ""
}

// newEnvironment picks the embedded or the shared mode.
func newEnvironment(ctx context.Context, cfg Config) (environment, error) {
	hc := newHTTPClient()
	if cfg.Embedded() {
		return &embeddedEnv{defects: cfg.Defects, logger: cfg.Logger, hc: hc}, nil
	}
	if err := probeTarget(ctx, hc, cfg); err != nil {
		return nil, err
	}
	e := &sharedEnv{cfg: cfg, hc: hc}
	if cfg.IDPURL != "" {
		e.idp = &idpClient{baseURL: strings.TrimRight(cfg.IDPURL, "/"), token: cfg.IDPToken, hc: hc}
	} else {
		idp, stop, err := startLocalIDP(cfg.Logger, hc)
		if err != nil {
			return nil, err
		}
		e.idp, e.stop = idp, stop
	}
	if err := e.idp.ping(ctx); err != nil {
		e.close()
		return nil, fmt.Errorf("reach idpsim at %s: %w", e.idp.baseURL, err)
	}
	return e, nil
}
