package containers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	"github.com/testcontainers/testcontainers-go/network"

	"github.com/idpsim/idpsim/harness"
	"github.com/idpsim/idpsim/simulator/castai"
)

// Defaults of Options: the demo credentials, and how long a container may
// take to become healthy.
const (
	DefaultAdminToken   = "demo-admin-token"
	DefaultSCIMToken    = "demo-scim-token"
	DefaultAPIKey       = "demo-api-key"
	DefaultStartTimeout = 60 * time.Second
	DefaultSCIMPath     = "/scim/v2"
	// stopTimeout is how long a server may take to stop before it is
	// killed: simulators keep nothing worth a longer wait.
	stopTimeout = 3 * time.Second
)

// Options say what StartStack runs.
type Options struct {
	// Images to run. Missing ones are built from the repository with Build.
	Images Images
	Build  BuildOptions
	// AdminToken is idpsim's SSWS token; SCIMToken and APIKey are castsim's
	// (DefaultAdminToken, DefaultSCIMToken, DefaultAPIKey).
	AdminToken string
	SCIMToken  string
	APIKey     string
	// TimeScale multiplies idpsim's waits (Retry-After, push delays);
	// harness.EmbeddedTimeScale when zero, so the suite keeps Okta's
	// schedule without its length.
	TimeScale float64
	// Target, when set, runs this SCIM service image instead of castsim.
	Target *TargetImage
	// StartTimeout bounds each container's start to healthy.
	StartTimeout time.Duration
	// Labels go on the stack's network and containers, next to
	// LabelStack, e.g. to find them later.
	Labels map[string]string
	// Logger receives progress and the start-up figures; discarded when nil.
	Logger *slog.Logger
}

// LabelStack labels the network and containers of a stack with Stack.ID.
const LabelStack = "org.idpsim.stack"

// TargetImage is a user's SCIM service image under test.
type TargetImage struct {
	Image string
	// SCIMPort is the port the service listens on inside the container. It
	// is published on the same number on 127.0.0.1, so it must be free there.
	SCIMPort int
	// SCIMPath is the SCIM base path (DefaultSCIMPath).
	SCIMPath  string
	SCIMToken string
	// HealthPath is GET until it answers 2xx; without it the service is
	// ready once {SCIMPath}/ServiceProviderConfig answers below 500.
	HealthPath string
	Env        map[string]string
	Cmd        []string
}

func (o Options) withDefaults() (Options, error) {
	if o.AdminToken == "" {
		o.AdminToken = DefaultAdminToken
	}
	if o.SCIMToken == "" {
		o.SCIMToken = DefaultSCIMToken
	}
	if o.APIKey == "" {
		o.APIKey = DefaultAPIKey
	}
	if o.TimeScale == 0 {
		o.TimeScale = harness.EmbeddedTimeScale
	}
	if o.StartTimeout == 0 {
		o.StartTimeout = DefaultStartTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Target == nil {
		return o, nil
	}
	t := *o.Target
	var errs []error
	if t.Image == "" {
		errs = append(errs, errors.New("target image: name it"))
	}
	if t.SCIMPort <= 0 || t.SCIMPort > 65535 {
		errs = append(errs, fmt.Errorf("target SCIM port %d: want 1-65535", t.SCIMPort))
	}
	if t.SCIMToken == "" {
		errs = append(errs, errors.New("target SCIM token: give the bearer token of the image"))
	}
	if t.SCIMPath == "" {
		t.SCIMPath = DefaultSCIMPath
	}
	t.SCIMPath = "/" + strings.Trim(t.SCIMPath, "/")
	o.Target = &t
	return o, errors.Join(errs...)
}

// Stack is a running idpsim and target. Its URLs work from the host and
// from inside the containers alike.
type Stack struct {
	// ID is the value of the stack's LabelStack label.
	ID         string
	IDPURL     string
	IDPToken   string
	SCIMURL    string
	SCIMToken  string
	ConsoleURL string // castsim's console API; empty for a target image
	APIKey     string
	OrgID      string
	// Network is the name of the network the stack made for itself.
	Network string
	// Startups are the measured starts, in start order.
	Startups []Startup

	network    *testcontainers.DockerNetwork
	containers []testcontainers.Container
	labels     map[string]string
}

// Startup is how long one container took from its start to serve.
type Startup struct {
	Name string
	// Engine is the engine's start call alone (namespaces, network, ports),
	// the part no image can shorten.
	Engine time.Duration
	// Ready is the time to the first 200 of its health endpoint through the
	// published port.
	Ready time.Duration
	// Healthy is the time to Docker's health status "healthy"; zero for an
	// image without a HEALTHCHECK.
	Healthy time.Duration
}

// HarnessConfig returns cfg pointed at the stack: idpsim, the SCIM target
// and, for castsim, its console API.
func (s *Stack) HarnessConfig(cfg harness.Config) harness.Config {
	cfg.IDPURL, cfg.IDPToken = s.IDPURL, s.IDPToken
	cfg.TargetSCIMURL, cfg.TargetSCIMToken = s.SCIMURL, s.SCIMToken
	cfg.TargetConsoleURL, cfg.TargetAPIKey, cfg.TargetOrgID = s.ConsoleURL, s.APIKey, s.OrgID
	return cfg
}

// StartStack builds what images are missing, then starts idpsim and the
// target (castsim or o.Target) and waits until both are healthy. On error
// nothing it started is left behind.
func StartStack(ctx context.Context, o Options) (st *Stack, err error) {
	o, err = o.withDefaults()
	// testcontainers logs through a logger of its own, to stderr unless told
	// otherwise: its banner ("Connected to docker") and progress lines would
	// mix with the run's output.
	tclog.SetDefault(tcLogger{o.Logger})
	if err != nil {
		return nil, fmt.Errorf("check stack options: %w", err)
	}
	images, err := o.images(ctx)
	if err != nil {
		return nil, err
	}
	st = newStack(o)
	defer func() {
		if err != nil {
			err = errors.Join(err, st.Terminate(context.WithoutCancel(ctx)))
			st = nil
		}
	}()

	nw, err := network.New(ctx, network.WithLabels(st.labels))
	if err != nil {
		return st, fmt.Errorf("create network: %w", err)
	}
	st.network, st.Network = nw, nw.Name
	ports, err := o.ports()
	if err != nil {
		return st, err
	}
	if err := st.startIDPSim(ctx, o, images.IDPSim, ports); err != nil {
		return st, err
	}
	if o.Target != nil {
		return st, st.startTarget(ctx, o, ports.target)
	}
	return st, st.startCastSim(ctx, o, images.CastSim, ports.target)
}

func newStack(o Options) *Stack {
	var b [6]byte
	_, _ = rand.Read(b[:])
	st := &Stack{
		ID: hex.EncodeToString(b[:]), IDPToken: o.AdminToken,
		labels: map[string]string{},
	}
	for k, v := range o.Labels {
		st.labels[k] = v
	}
	st.labels[LabelStack] = st.ID
	return st
}

// images returns o.Images with the missing ones built.
func (o Options) images(ctx context.Context) (Images, error) {
	im := o.Images
	var missing []string
	if im.IDPSim == "" {
		missing = append(missing, TargetIDPSim)
	}
	if o.Target == nil && im.CastSim == "" {
		missing = append(missing, TargetCastSim)
	}
	if len(missing) == 0 {
		return im, nil
	}
	b := o.Build
	b.Targets = missing
	o.Logger.Info("building images", "targets", strings.Join(missing, ","))
	built, err := BuildImages(ctx, b)
	if err != nil {
		return im, err
	}
	if im.IDPSim == "" {
		im.IDPSim = built.IDPSim
	}
	if im.CastSim == "" {
		im.CastSim = built.CastSim
	}
	return im, nil
}

// Terminate removes the stack's containers (the target first) and its
// network. It may be called more than once.
func (s *Stack) Terminate(ctx context.Context) error {
	if s == nil {
		return nil
	}
	var errs []error
	for i := len(s.containers) - 1; i >= 0; i-- {
		err := testcontainers.TerminateContainer(s.containers[i], testcontainers.StopTimeout(stopTimeout))
		if err != nil {
			errs = append(errs, fmt.Errorf("remove container: %w", err))
		}
	}
	s.containers = nil
	if s.network != nil {
		if err := s.network.Remove(ctx); err != nil {
			errs = append(errs, fmt.Errorf("remove network %s: %w", s.Network, err))
		}
		s.network = nil
	}
	return errors.Join(errs...)
}

// orgID is the organization castsim serves.
const orgID = castai.DefaultOrgID
