package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// probeTimeout bounds each up-front request to the target.
const probeTimeout = 5 * time.Second

// probeTarget proves, before any scenario, that the target's SCIM endpoint
// and its console API (when given) answer HTTP. Only an answer that is not
// HTTP at all stops the run: a 401 or a 404 is the target's own answer, for
// the scenarios to judge, though a 401 to the given token gets a warning.
func probeTarget(ctx context.Context, hc *http.Client, cfg Config) error {
	scimURL := strings.TrimRight(cfg.TargetSCIMURL, "/")
	h := http.Header{"Authorization": {"Bearer " + cfg.TargetSCIMToken}}
	status, err := probe(ctx, hc, scimURL+"/ServiceProviderConfig", h)
	if err != nil {
		return fmt.Errorf("reach the target SCIM service at %s: %w", scimURL, err)
	}
	if status == http.StatusUnauthorized {
		fmt.Fprintf(cfg.Warnings, "conformance: warning: %s answers 401 to the SCIM token: "+
			"--target-scim-token may be wrong\n", scimURL)
	}
	if cfg.TargetConsoleURL == "" {
		return nil
	}
	consoleURL := strings.TrimRight(cfg.TargetConsoleURL, "/")
	if _, err := probe(ctx, hc, consoleURL+"/", nil); err != nil {
		return fmt.Errorf("reach the target console API at %s: %w", consoleURL, err)
	}
	return nil
}

// probe sends one GET and returns the answer's status. Its error leaves
// out the URL, which the caller names.
func probe(ctx context.Context, hc *http.Client, target string, h http.Header) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, err
	}
	req.Header = h
	resp, err := hc.Do(req)
	if err != nil && ctx.Err() != nil {
		return 0, fmt.Errorf("no answer within %s", probeTimeout)
	}
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return 0, ue.Err
	}
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}
