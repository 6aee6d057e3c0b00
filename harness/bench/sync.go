package bench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// syncRun is an initial sync and what the baseline needs from it.
type syncRun struct {
	result    SyncResult
	exchanges []scimclient.Exchange // the journal, oldest first
	basePath  string                // path prefix of the target's SCIM base URL
}

// generateOrg builds the org of the sync, everything assigned to one SCIM
// app that pushes every group under its own name.
func generateOrg(o Options, scimURL, token string) *fixtures.Document {
	return fixtures.Generate(fixtures.GenerateOptions{
		Seed: o.Seed, Users: o.Users, Groups: o.Groups, Memberships: o.Memberships,
		App: &fixtures.AppOptions{
			BaseURL: scimURL, Token: token,
			AssignAllUsers: true, PushAllGroups: true,
		},
	})
}

// journalSize holds every exchange of the sync with room to spare: per user
// a lookup and a create, per group a lookup, a create, the rename and the
// member PATCHes.
func journalSize(o Options) int {
	return 3*o.Users + 6*o.Groups + 2*o.Memberships/scimclient.DefaultBatchSize + 1000
}

// runSync starts castsim and idpsim in-process, castsim on a loopback
// listener, loads the org into idpsim with its engine paused, and times the
// push from resume to idle.
func runSync(ctx context.Context, o Options) (*syncRun, error) {
	srv, err := newServer()
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	token := newSecret()
	cast, err := castai.New(castai.Config{PublicURL: srv.URL, SCIMToken: token, Logger: o.Logger})
	if err != nil {
		return nil, fmt.Errorf("start castsim: %w", err)
	}
	srv.start(cast.Handler())

	adminToken := newSecret()
	sim, err := okta.New(okta.Config{
		AdminToken: adminToken, Workers: o.Workers,
		JournalSize: journalSize(o), Logger: o.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("start idpsim: %w", err)
	}
	defer sim.Close()

	scimURL := srv.URL + "/scim/v2"
	doc := generateOrg(o, scimURL, token)
	appID := doc.Apps[0].ID
	run := &syncRun{basePath: "/scim/v2"}
	r := &run.result
	r.Users, r.Groups, r.Memberships = len(doc.Users), len(doc.Groups), countMembers(doc)

	sim.Pause()
	began := time.Now()
	if err := sim.LoadFixture(doc); err != nil {
		return nil, fmt.Errorf("load the org: %w", err)
	}
	r.LoadSeconds = time.Since(began).Seconds()

	opened := srv.opened.Load()
	took, err := timePush(ctx, sim, appID, o)
	if err != nil {
		return nil, err
	}
	r.Seconds = took.Seconds()
	r.Connections = int(srv.opened.Load() - opened)

	run.exchanges = sim.Journal(okta.JournalFilter{AppID: appID})
	summarizeExchanges(r, run.exchanges, took)
	if r.Tasks, err = openTasks(sim.Handler(), adminToken); err != nil {
		return nil, err
	}
	scim := &scimReader{baseURL: scimURL, token: token, hc: &http.Client{}}
	r.Verify, err = verifyTarget(ctx, scim, doc)
	if err != nil {
		return nil, err
	}
	return run, nil
}

// timePush resumes the engine and waits until it is idle, profiling the CPU
// and the mutex contention meanwhile when o names files for them.
func timePush(ctx context.Context, sim *okta.Sim, appID string, o Options) (time.Duration, error) {
	stop, err := startProfiles(o)
	if err != nil {
		return 0, err
	}
	began := time.Now()
	sim.Resume()
	err = sim.Wait(ctx, appID)
	took := time.Since(began)
	if perr := stop(); perr != nil {
		return 0, perr
	}
	if err != nil {
		return 0, fmt.Errorf("wait for the sync: %w", err)
	}
	return took, nil
}

// startProfiles starts the profiles o asks for; stop ends them and writes
// the mutex profile.
func startProfiles(o Options) (stop func() error, err error) {
	var stops []func() error
	stop = func() error {
		var errs []error
		for _, s := range stops {
			errs = append(errs, s())
		}
		return errors.Join(errs...)
	}
	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return nil, fmt.Errorf("create cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("start cpu profile: %w", err)
		}
		stops = append(stops, func() error {
			pprof.StopCPUProfile()
			return f.Close()
		})
	}
	if o.MutexProfile != "" {
		old := runtime.SetMutexProfileFraction(1)
		stops = append(stops, func() error {
			defer runtime.SetMutexProfileFraction(old)
			return writeProfile("mutex", o.MutexProfile)
		})
	}
	return stop, nil
}

func writeProfile(name, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s profile: %w", name, err)
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s profile: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s profile: %w", name, err)
	}
	return nil
}

// summarizeExchanges fills the request counts and latencies. The journal
// numbers exchanges from 1, so the last number is the number sent even if
// the journal dropped some.
func summarizeExchanges(r *SyncResult, ex []scimclient.Exchange, took time.Duration) {
	r.Journaled = len(ex)
	if len(ex) > 0 {
		r.Requests = int(ex[len(ex)-1].Seq)
	}
	r.RequestsPerSecond = perSecond(r.Requests, took)
	for _, e := range ex {
		if e.Status >= 300 || e.Error != "" {
			r.Failed++
		}
	}
	r.Kinds = kindStats(ex)
}

func countMembers(doc *fixtures.Document) int {
	n := 0
	for _, g := range doc.Groups {
		n += len(g.Members)
	}
	return n
}

// openTasks counts idpsim's open provisioning tasks through its control API.
func openTasks(h http.Handler, adminToken string) (int, error) {
	req := httptest.NewRequest(http.MethodGet, "/_sim/tasks", nil)
	req.Header.Set("Authorization", "SSWS "+adminToken)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var tasks []struct {
		Status string `json:"status"`
	}
	if err := decodeAnswer(rec.Code, rec.Body.Bytes(), &tasks); err != nil {
		return 0, fmt.Errorf("read idpsim tasks: %w", err)
	}
	n := 0
	for _, t := range tasks {
		if t.Status == "OPEN" {
			n++
		}
	}
	return n, nil
}
