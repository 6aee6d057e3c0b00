package okta

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/idpsim/idpsim/simulator/okta/oidc"
	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// Exchange is one SCIM request and its answer, as the journal holds it.
type Exchange = scimclient.Exchange

// JournalFilter selects journal exchanges; empty fields match everything.
type JournalFilter = scimclient.JournalFilter

// FaultRule is one outbound fault injected into an app's SCIM traffic.
type FaultRule = scimclient.FaultRule

// Sim is the fake Okta: a directory, SCIM apps and the push engine that
// provisions them, with the admin API and the simulator control API on top.
type Sim struct {
	cfg     Config
	log     *slog.Logger
	store   Store
	engine  *engine
	journal *scimclient.Journal
	faults  *scimclient.Faults
	oidc    *oidc.Provider
	handler http.Handler
	console atomic.Pointer[http.Handler]

	// mu serialises directory changes with the jobs they queue, so that
	// jobs are queued in the order the changes happened.
	mu sync.Mutex

	clientsMu sync.Mutex
	clients   map[string]cachedClient
}

type cachedClient struct {
	version int
	client  *scimclient.Client
}

// New returns a running Sim: its workers start on first use.
func New(cfg Config) (*Sim, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configure idpsim: %w", err)
	}
	cfg = cfg.withDefaults()
	s := &Sim{
		cfg:     cfg,
		log:     cfg.Logger,
		store:   cfg.Store,
		journal: scimclient.NewJournal(cfg.JournalSize),
		faults:  scimclient.NewFaults(1),
		clients: map[string]cachedClient{},
	}
	s.engine = newEngine(cfg.Workers, cfg.Clock, s.runJob)
	provider, err := oidc.New(oidc.Config{
		Issuer: cfg.PublicURL, Directory: directory{s},
		Logger: cfg.Logger, SigningKey: cfg.OIDCSigningKey, Now: cfg.Clock.Now,
	})
	if err != nil {
		return nil, fmt.Errorf("configure idpsim: %w", err)
	}
	s.oidc = provider
	s.handler = s.newHandler()
	return s, nil
}

// Handler returns the HTTP handler of the admin API, /_sim, /healthz and the
// OIDC org authorization server (/.well-known/openid-configuration and
// /oauth2/v1/*).
func (s *Sim) Handler() http.Handler { return s.handler }

// Close stops the workers after their current request.
func (s *Sim) Close() error {
	s.engine.close()
	return nil
}

// Reset empties the directory, the queues, the journal, the faults and the
// tasks, as right after New. Running requests are cancelled.
func (s *Sim) Reset() {
	// Running steps take s.mu to record their outcome: stop them first.
	s.engine.reset()
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.store.Clear(context.Background())
	s.journal.Reset()
	s.faults.Reset()
	s.oidc.Reset()
	s.clientsMu.Lock()
	s.clients = map[string]cachedClient{}
	s.clientsMu.Unlock()
}

// Wait blocks until nothing is queued, running or waiting out a Retry-After
// for appID ("" for every app), or ctx ends. Failed steps that became tasks
// are not pending.
func (s *Sim) Wait(ctx context.Context, appID string) error {
	return s.engine.wait(ctx, appID)
}

// Pending lists the queued and running steps of appID ("" for every app).
func (s *Sim) Pending(appID string) []PendingWork {
	return s.engine.pending(appID)
}

// Pause stops workers from starting queued steps; changes keep queueing.
func (s *Sim) Pause() { s.engine.setPaused(true) }

// Resume lets workers run queued steps again.
func (s *Sim) Resume() { s.engine.setPaused(false) }

// Journal returns the recorded SCIM exchanges matching f, oldest first.
func (s *Sim) Journal(f JournalFilter) []Exchange {
	return s.journal.Exchanges(f)
}

// SetFaults replaces the outbound fault rules of an app.
func (s *Sim) SetFaults(appID string, rules []FaultRule) error {
	if err := s.faults.Set(appID, rules); err != nil {
		return fmt.Errorf("set faults of app %s: %w", appID, err)
	}
	return nil
}

// ClearFaults removes the fault rules of an app.
func (s *Sim) ClearFaults(appID string) { s.faults.Clear(appID) }

// client returns the SCIM client of app, rebuilt when its connection or
// settings changed.
func (s *Sim) client(app App) (*scimclient.Client, error) {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	if c, ok := s.clients[app.ID]; ok && c.version == app.Version {
		return c.client, nil
	}
	c, err := scimclient.New(s.clientConfig(app))
	if err != nil {
		return nil, fmt.Errorf("client for app %s: %w", app.ID, err)
	}
	s.clients[app.ID] = cachedClient{version: app.Version, client: c}
	return c, nil
}

func (s *Sim) clientConfig(app App) scimclient.Config {
	conn := app.Connection
	if conn == nil {
		conn = &Connection{}
	}
	return scimclient.Config{
		Target: scimclient.Target{
			BaseURL:       conn.BaseURL,
			AuthScheme:    conn.AuthScheme,
			Token:         conn.Token,
			Username:      conn.Username,
			Password:      conn.Password,
			SkipTLSVerify: app.Settings.SkipTLSVerify,
		},
		Settings: scimclient.Settings{
			Profile:        app.Settings.ClientProfile,
			FilterEncoding: app.Settings.FilterEncoding,
			PushNowShape:   app.Settings.PushNowShape,
			BatchSize:      app.Settings.MembershipBatchSize,
		},
		RootCAs:        s.cfg.RootCAs,
		RequestTimeout: s.cfg.RequestTimeout,
		TimeScale:      s.cfg.TimeScale,
		Clock:          s.cfg.Clock,
		Journal:        s.journal,
		Faults:         s.faults,
		Logger:         s.log,
	}
}

// now is the simulator's time, from its clock, in UTC.
func (s *Sim) now() time.Time { return s.cfg.Clock.Now().UTC().Truncate(time.Millisecond) }
