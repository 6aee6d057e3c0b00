package oidc

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"sync"
	"time"
)

// sweepEvery is how often (in provider time) expired records are dropped.
const sweepEvery = time.Minute

// usedCodeRetention keeps redeemed codes around so that a replay is still
// recognised (and its tokens revoked) after the code has expired.
const usedCodeRetention = 10 * time.Minute

// pendingTTL bounds how long a sign-in form stays valid.
const pendingTTL = 10 * time.Minute

// authRequest is a validated authorization request.
type authRequest struct {
	clientID      string
	clientName    string
	redirectURI   string
	state         string
	nonce         string
	scopes        []string
	codeChallenge string
	loginHint     string
	forceLogin    bool          // prompt=login or max_age=0
	noPrompt      bool          // prompt=none
	maxAge        time.Duration // -1 when absent
}

// session is an Okta sign-in session, named by the sid cookie.
type session struct {
	userID   string
	authTime time.Time
	expires  time.Time
}

// pendingAuth is an authorization request waiting for the sign-in form.
type pendingAuth struct {
	id      string
	csrf    string
	req     authRequest
	expires time.Time
}

// authCode is an issued authorization code. grantID names every token that
// comes from it, so that a replay can revoke them all.
type authCode struct {
	req      authRequest
	userID   string
	authTime time.Time
	grantID  string
	expires  time.Time
	used     bool
}

type tokenKind string

const (
	accessToken  tokenKind = "access_token"
	refreshToken tokenKind = "refresh_token"
)

// token is an issued opaque access or refresh token.
type token struct {
	kind     tokenKind
	clientID string
	userID   string
	scopes   []string
	grantID  string
	authTime time.Time
	issued   time.Time
	expires  time.Time
}

// store holds the provider's state. Secrets (cookies, codes, tokens) are
// keyed by their SHA-256, never kept in clear.
type store struct {
	mu        sync.Mutex
	sessions  map[string]*session
	pending   map[string]*pendingAuth
	codes     map[string]*authCode
	tokens    map[string]*token
	lastSweep time.Time
}

func newStore() *store {
	s := &store{}
	s.reset()
	return s
}

func (s *store) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions = map[string]*session{}
	s.pending = map[string]*pendingAuth{}
	s.codes = map[string]*authCode{}
	s.tokens = map[string]*token{}
}

// randomValue returns 256 random bits, base64url encoded.
func randomValue() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashValue(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}

// sweep drops expired records; the caller holds mu.
func (s *store) sweep(now time.Time) {
	if now.Sub(s.lastSweep) < sweepEvery {
		return
	}
	s.lastSweep = now
	for k, v := range s.sessions {
		if !now.Before(v.expires) {
			delete(s.sessions, k)
		}
	}
	for k, v := range s.pending {
		if !now.Before(v.expires) {
			delete(s.pending, k)
		}
	}
	for k, v := range s.codes {
		if !now.Before(v.expires.Add(usedCodeRetention)) {
			delete(s.codes, k)
		}
	}
	for k, v := range s.tokens {
		if !now.Before(v.expires) {
			delete(s.tokens, k)
		}
	}
}
