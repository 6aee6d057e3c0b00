package containers

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/container"
	mobynet "github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go"
)

// labelRole labels each container with its part in the stack.
const labelRole = "org.idpsim.role"

// loopback is where the stack's ports are published on the host.
var loopback = netip.MustParseAddr("127.0.0.1")

func localURL(port int) string { return "http://127.0.0.1:" + strconv.Itoa(port) }

// startIDPSim starts idpsim, the owner of the network namespace the target
// joins, so it publishes the target's port as well as its own.
func (s *Stack) startIDPSim(ctx context.Context, o Options, image string, p stackPorts) error {
	s.IDPURL = localURL(p.idp)
	req := testcontainers.ContainerRequest{
		Image: image,
		Env: map[string]string{
			"IDPSIM_ADDR":        "0.0.0.0:" + strconv.Itoa(p.idp),
			"IDPSIM_PUBLIC_URL":  s.IDPURL,
			"IDPSIM_ADMIN_TOKEN": o.AdminToken,
			"IDPSIM_TIME_SCALE":  strconv.FormatFloat(o.TimeScale, 'g', -1, 64),
		},
		ExposedPorts:   []string{tcpPort(p.idp), tcpPort(p.target)},
		Networks:       []string{s.Network},
		NetworkAliases: map[string][]string{s.Network: {"idpsim"}},
		HostConfigModifier: func(hc *container.HostConfig) {
			hc.PortBindings = mobynet.PortMap{}
			for _, port := range []int{p.idp, p.target} {
				hc.PortBindings[mobynet.MustParsePort(tcpPort(port))] = []mobynet.PortBinding{
					{HostIP: loopback, HostPort: strconv.Itoa(port)},
				}
			}
		},
	}
	_, err := s.start(ctx, o, "idpsim", req, s.IDPURL+"/healthz")
	return err
}

// startCastSim starts castsim in idpsim's network namespace, with an Okta
// SSO connection whose SCIM token is o.SCIMToken.
func (s *Stack) startCastSim(ctx context.Context, o Options, image string, port int) error {
	url := localURL(port)
	s.SCIMURL, s.SCIMToken = url+DefaultSCIMPath, o.SCIMToken
	s.ConsoleURL, s.APIKey, s.OrgID = url, o.APIKey, orgID
	req := testcontainers.ContainerRequest{
		Image: image,
		Env: map[string]string{
			"CASTSIM_ADDR":            "0.0.0.0:" + strconv.Itoa(port),
			"CASTSIM_PUBLIC_URL":      url,
			"CASTSIM_SCIM_TOKEN":      o.SCIMToken,
			"CASTSIM_API_KEY":         o.APIKey,
			"CASTSIM_SSO_OKTA_DOMAIN": s.IDPURL,
		},
		HostConfigModifier: s.joinIDPSim,
	}
	_, err := s.start(ctx, o, "castsim", req, url+"/healthz")
	return err
}

// startTarget starts the user's SCIM image in idpsim's network namespace.
func (s *Stack) startTarget(ctx context.Context, o Options, port int) error {
	t := o.Target
	url := localURL(port)
	s.SCIMURL, s.SCIMToken = url+t.SCIMPath, t.SCIMToken
	req := testcontainers.ContainerRequest{
		Image: t.Image, Env: t.Env, Cmd: t.Cmd, HostConfigModifier: s.joinIDPSim,
	}
	probe := s.SCIMURL + "/ServiceProviderConfig"
	if t.HealthPath != "" {
		probe = url + "/" + trimSlash(t.HealthPath)
	}
	_, err := s.start(ctx, o, "target", req, probe)
	return err
}

// joinIDPSim puts a container in the network namespace of the first one,
// idpsim: both see each other on 127.0.0.1.
func (s *Stack) joinIDPSim(hc *container.HostConfig) {
	hc.NetworkMode = container.NetworkMode("container:" + s.containers[0].GetContainerID())
	hc.PublishAllPorts = false
	hc.PortBindings = nil
}

func tcpPort(p int) string { return strconv.Itoa(p) + "/tcp" }

func trimSlash(p string) string { return strings.TrimLeft(p, "/") }

// start creates and starts one container and waits until it serves, timing
// both. The container is kept for Terminate even when it fails.
func (s *Stack) start(ctx context.Context, o Options, name string,
	req testcontainers.ContainerRequest, probeURL string,
) (testcontainers.Container, error) {
	req.Labels = map[string]string{labelRole: name}
	for k, v := range s.labels {
		req.Labels[k] = v
	}
	ctr, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{
		ContainerRequest: req, Logger: tcLogger{o.Logger},
	})
	if ctr != nil {
		s.containers = append(s.containers, ctr)
	}
	if err != nil {
		return nil, fmt.Errorf("create %s container: %w", name, err)
	}
	up, err := startTimed(ctx, ctr, name, probeURL, o.StartTimeout)
	if err != nil {
		return nil, err
	}
	s.Startups = append(s.Startups, up)
	o.Logger.Info("container healthy", "container", name, "image", req.Image,
		"engine_start_ms", up.Engine.Milliseconds(), "ready_ms", up.Ready.Milliseconds(),
		"healthy_ms", up.Healthy.Milliseconds())
	return ctr, nil
}

// tcLogger sends testcontainers' progress lines to slog at debug level.
type tcLogger struct {
	l interface{ Debug(string, ...any) }
}

func (t tcLogger) Printf(format string, v ...any) { t.l.Debug(fmt.Sprintf(format, v...)) }
