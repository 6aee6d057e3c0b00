package bench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/idpsim/idpsim/fixtures"
)

// pair is an idpsim and a castsim process with their secrets.
type pair struct {
	idp, cast             *proc
	adminToken, scimToken string
}

func (p *processes) startPair(ctx context.Context) (*pair, error) {
	pr := &pair{adminToken: newSecret(), scimToken: newSecret()}
	var err error
	pr.cast, _, err = start(ctx, p.castsim, []string{"CASTSIM_SCIM_TOKEN=" + pr.scimToken})
	if err != nil {
		return nil, err
	}
	pr.idp, _, err = start(ctx, p.idpsim, []string{"IDPSIM_ADMIN_TOKEN=" + pr.adminToken})
	if err != nil {
		_ = pr.cast.stop()
		return nil, err
	}
	return pr, nil
}

// peaks reads both peak resident sets.
func (pr *pair) peaks() (idp, cast float64, err error) {
	idp, err = pr.idp.peakRSS()
	if err != nil {
		return 0, 0, err
	}
	cast, err = pr.cast.peakRSS()
	return idp, cast, err
}

func (pr *pair) stop() error { return errors.Join(pr.idp.stop(), pr.cast.stop()) }

// startup starts each binary o.StartupRuns times and keeps the median time
// from process start to /healthz 200.
func (p *processes) startup(ctx context.Context) (StartupResult, error) {
	r := StartupResult{Runs: p.o.StartupRuns}
	measure := func(bin string, env []string) (float64, error) {
		var took []time.Duration
		for range p.o.StartupRuns {
			pr, d, err := start(ctx, bin, env)
			if err != nil {
				return 0, err
			}
			took = append(took, d)
			if err := pr.stop(); err != nil {
				return 0, err
			}
		}
		return medianMillis(took), nil
	}
	var err error
	if r.IdpsimMs, err = measure(p.idpsim, []string{"IDPSIM_ADMIN_TOKEN=" + newSecret()}); err != nil {
		return r, err
	}
	r.CastsimMs, err = measure(p.castsim, []string{"CASTSIM_SCIM_TOKEN=" + newSecret()})
	return r, err
}

// syncMemory syncs the benchmark org from an idpsim process to a castsim
// process, checks castsim's state and reads both peaks.
func (p *processes) syncMemory(ctx context.Context, m *MemoryResult) (err error) {
	pr, err := p.startPair(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, pr.stop()) }()

	scimURL := pr.cast.URL + "/scim/v2"
	doc := generateOrg(p.o, scimURL, pr.scimToken)
	l := newIDPLoader(pr.idp.URL, pr.adminToken, p.o.LoadClients)
	if err := l.loadDirectory(ctx, doc); err != nil {
		return fmt.Errorf("load idpsim: %w", err)
	}
	appID, err := l.loadApp(ctx, doc)
	if err != nil {
		return fmt.Errorf("load idpsim: %w", err)
	}
	if err := l.push(ctx, appID); err != nil {
		return err
	}
	v, err := verifyTarget(ctx, &scimReader{
		baseURL: scimURL, token: pr.scimToken,
		hc: &http.Client{},
	}, doc)
	if err != nil {
		return err
	}
	m.SyncVerified, m.SyncProblems = v.OK(), v.Problems
	m.SyncIdpsim, m.SyncCastsim, err = pr.peaks()
	return err
}

// worldMemory loads the big world into a fresh idpsim (its directory) and a
// fresh castsim (the users and groups Okta would have pushed), both at once,
// and reads both peaks.
func (p *processes) worldMemory(ctx context.Context, m *MemoryResult) (err error) {
	pr, err := p.startPair(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, pr.stop()) }()

	doc := fixtures.Generate(fixtures.GenerateOptions{
		Seed: p.o.Seed, Users: p.o.MemoryUsers,
		Groups: p.o.MemoryGroups, Memberships: p.o.MemoryMemberships,
	})
	m.WorldUsers, m.WorldGroups, m.WorldMemberships = len(doc.Users), len(doc.Groups),
		countMembers(doc)
	// castsim gets its own copy: the idpsim loader rewrites ids in place.
	castDoc := fixtures.Generate(fixtures.GenerateOptions{
		Seed: p.o.Seed, Users: p.o.MemoryUsers,
		Groups: p.o.MemoryGroups, Memberships: p.o.MemoryMemberships,
	})

	began := time.Now()
	errs := make(chan error, 2)
	go func() {
		errs <- newIDPLoader(pr.idp.URL, pr.adminToken, p.o.LoadClients).loadDirectory(ctx, doc)
	}()
	go func() {
		errs <- loadTarget(ctx, pr.cast.URL+"/scim/v2", pr.scimToken, p.o.LoadClients, castDoc)
	}()
	if err := errors.Join(<-errs, <-errs); err != nil {
		return fmt.Errorf("load the world: %w", err)
	}
	m.WorldLoadSeconds = time.Since(began).Seconds()
	m.WorldIdpsim, m.WorldCastsim, err = pr.peaks()
	return err
}
