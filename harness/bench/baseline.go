package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// baselineBody is the fixed answer of the baseline handler: a small SCIM
// list response, valid for every request the sync sends.
const baselineBody = `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],` +
	`"totalResults":0,"Resources":[]}`

// baselineHandler reads the request and answers the fixed body.
func baselineHandler(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/scim+json")
	_, _ = io.WriteString(w, baselineBody)
}

// replayRequests turns journaled exchanges back into requests relative to
// the SCIM base path.
func replayRequests(ex []scimclient.Exchange, basePath string) []scimclient.Request {
	out := make([]scimclient.Request, len(ex))
	for i, e := range ex {
		out[i] = scimclient.Request{
			Method: e.Method,
			Path:   strings.TrimPrefix(e.Path, basePath), Query: e.Query,
		}
		if e.RequestBody != "" {
			out[i].Body = json.RawMessage(e.RequestBody)
		}
	}
	return out
}

// runBaseline sends n requests, cycling through reqs, with idpsim's SCIM
// client settings (a journal of the same size included) and as many
// concurrent senders as idpsim has push workers, to a minimal handler.
func runBaseline(ctx context.Context, reqs []scimclient.Request, n, workers,
	journal int,
) (BaselineResult, error) {
	if len(reqs) == 0 || n == 0 {
		return BaselineResult{}, nil
	}
	srv, err := newServer()
	if err != nil {
		return BaselineResult{}, err
	}
	defer srv.stop()
	srv.start(http.HandlerFunc(baselineHandler))
	c, err := scimclient.New(scimclient.Config{
		Target:  scimclient.Target{BaseURL: srv.URL + "/scim/v2", Token: newSecret()},
		Journal: scimclient.NewJournal(journal),
	})
	if err != nil {
		return BaselineResult{}, fmt.Errorf("baseline client: %w", err)
	}
	defer c.CloseIdleConnections()

	if workers <= 0 {
		workers = okta.DefaultWorkers
	}
	took, err := sendAll(ctx, c, reqs, n, workers)
	if err != nil {
		return BaselineResult{}, err
	}
	return BaselineResult{
		Requests: n, Seconds: took.Seconds(),
		RequestsPerSecond: perSecond(n, took), Connections: int(srv.opened.Load()),
	}, nil
}

// sendAll sends n requests from workers goroutines and returns the wall
// time; the first error stops the run.
func sendAll(ctx context.Context, c *scimclient.Client, reqs []scimclient.Request, n,
	workers int,
) (time.Duration, error) {
	began := time.Now()
	err := parallel(ctx, n, workers, func(ctx context.Context, i int) error {
		if _, err := c.Do(ctx, scimclient.Tag{}, reqs[i%len(reqs)]); err != nil {
			return fmt.Errorf("baseline request: %w", err)
		}
		return nil
	})
	return time.Since(began), err
}
