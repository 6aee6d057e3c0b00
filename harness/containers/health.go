package containers

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"
)

// Polling of a starting container.
const (
	pollInterval = 20 * time.Millisecond
	probeTimeout = 2 * time.Second
	logTailBytes = 2000
)

// startTimed starts ctr and polls until its probe URL answers and, when the
// image has a HEALTHCHECK, Docker calls it healthy.
func startTimed(ctx context.Context, ctr testcontainers.Container, name, probeURL string,
	timeout time.Duration,
) (Startup, error) {
	up := Startup{Name: name}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hc := &http.Client{Timeout: probeTimeout}

	began := time.Now()
	if err := ctr.Start(ctx); err != nil {
		return up, fmt.Errorf("start %s container: %w", name, err)
	}
	up.Engine = time.Since(began)
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		if up.Ready == 0 && probeOK(ctx, hc, probeURL) {
			up.Ready = time.Since(began)
		}
		st, err := ctr.State(ctx)
		if err != nil {
			return up, fmt.Errorf("inspect %s container: %w", name, err)
		}
		if !st.Running {
			return up, fmt.Errorf("%s container exited (status %d): %s",
				name, st.ExitCode, logTail(ctr))
		}
		if st.Health != nil && st.Health.Status == container.Healthy && up.Healthy == 0 {
			up.Healthy = time.Since(began)
		}
		if up.Ready != 0 && (up.Healthy != 0 || st.Health == nil) {
			return up, nil
		}
		select {
		case <-ctx.Done():
			return up, fmt.Errorf("%s container not healthy after %s (%s): %s",
				name, timeout, healthSummary(st, up), logTail(ctr))
		case <-tick.C:
		}
	}
}

// probeOK reports whether url answers 2xx, or for a SCIM endpoint any
// answer below 500 (a 401 proves it serves).
func probeOK(ctx context.Context, hc *http.Client, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := hc.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if strings.HasSuffix(url, "/ServiceProviderConfig") {
		return resp.StatusCode < http.StatusInternalServerError
	}
	return resp.StatusCode >= 200 && resp.StatusCode < 300
}

func healthSummary(st *container.State, up Startup) string {
	s := fmt.Sprintf("probe answered: %t", up.Ready != 0)
	if st.Health == nil {
		return s + ", no HEALTHCHECK"
	}
	s += ", docker health: " + string(st.Health.Status)
	if n := len(st.Health.Log); n > 0 {
		s += fmt.Sprintf(" (last check: exit %d %q)", st.Health.Log[n-1].ExitCode,
			st.Health.Log[n-1].Output)
	}
	return s
}

// logTail returns the end of a container's output, for error messages.
func logTail(ctr testcontainers.Container) string {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	rc, err := ctr.Logs(ctx)
	if err != nil {
		return "(no logs: " + err.Error() + ")"
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	if len(b) > logTailBytes {
		b = b[len(b)-logTailBytes:]
	}
	return "logs:\n" + string(b)
}
