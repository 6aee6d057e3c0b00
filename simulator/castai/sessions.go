package castai

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

// SessionCookie is the HttpOnly cookie that carries a console session in a
// browser. API clients send the same token as "Authorization: Bearer".
const SessionCookie = "castsim_session"

// PrincipalSession is the kind of a request made with an SSO session.
const PrincipalSession = "session"

// session is a console session opened by an SSO sign-in. Only a hash of its
// token is kept.
type session struct {
	UserID       string
	ConnectionID string
	Created      time.Time
	Expires      time.Time
}

// sessions holds the live console sessions and each user's last sign-in.
type sessions struct {
	mu        sync.Mutex
	byHash    map[string]session
	lastLogin map[string]time.Time
}

func newSessions() *sessions {
	return &sessions{byHash: map[string]session{}, lastLogin: map[string]time.Time{}}
}

// open starts a session and returns its token, shown once.
func (m *sessions) open(sess session) string {
	buf := make([]byte, 32)
	_, _ = rand.Read(buf)
	token := "castsim-session-" + hex.EncodeToString(buf)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.byHash[sessionHash(token)] = sess
	m.lastLogin[sess.UserID] = sess.Created
	return token
}

// get returns the live session of a token; an expired one is dropped.
func (m *sessions) get(token string, now time.Time) (session, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := sessionHash(token)
	sess, ok := m.byHash[h]
	if ok && !now.Before(sess.Expires) {
		delete(m.byHash, h)
		return session{}, false
	}
	return sess, ok
}

// end deletes the session of a token.
func (m *sessions) end(token string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.byHash, sessionHash(token))
}

// count returns how many sessions a user holds (live or not yet pruned).
func (m *sessions) count(userID string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, sess := range m.byHash {
		if sess.UserID == userID {
			n++
		}
	}
	return n
}

// lastSignIn returns when the user last signed in, or nil.
func (m *sessions) lastSignIn(userID string) *time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.lastLogin[userID]
	if !ok {
		return nil
	}
	return &t
}

func (m *sessions) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.byHash = map[string]session{}
	m.lastLogin = map[string]time.Time{}
}

func sessionHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// sessionToken reads the session token of a request: the bearer token if it
// is a session token, else the session cookie.
func sessionToken(r *http.Request) string {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return strings.TrimSpace(tok)
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// sessionAuth authenticates console requests made with a session. Every
// request re-checks the user (decision 4): a user removed or made inactive
// since sign-in ends the session at that request.
type sessionAuth struct{ s *Server }

// Authenticate implements Authenticator.
func (a sessionAuth) Authenticate(r *http.Request) (Principal, error) {
	token := sessionToken(r)
	if token == "" {
		return Principal{}, ErrNoCredentials
	}
	s := a.s
	sess, ok := s.sessions.get(token, s.cfg.Now())
	if !ok {
		return Principal{}, errors.New("the session is not valid or has ended: " +
			"sign in again at /v1/auth/login")
	}
	u, err := s.store.User(sess.UserID)
	if errors.Is(err, store.ErrNotFound) {
		s.sessions.end(token)
		s.log.Info("session ended: user removed", "user_id", sess.UserID)
		return Principal{}, errors.New("the session was ended: the user no longer exists " +
			"in this organization")
	}
	if err != nil {
		return Principal{}, fmt.Errorf("read session user: %w", err)
	}
	if !u.Active && !s.defects.on(DefectSessionsSurviveDeactivation) {
		s.sessions.end(token)
		s.log.Info("session ended: user inactive", "user_id", u.ID)
		return Principal{}, fmt.Errorf("the session was ended: user %s is inactive "+
			"(deactivated in the identity provider) and cannot use Cast AI", u.UserName)
	}
	return Principal{Kind: PrincipalSession, UserID: u.ID}, nil
}

// mayChange says why a session may not make a change, or "" when it may.
// castsim models one permission: reading is open to every signed-in user,
// changing the organization needs the Owner role on it. The API key is the
// owner's and may do anything.
func (s *Server) mayChange(method string, p Principal) string {
	if p.Kind != PrincipalSession || method == http.MethodGet || method == http.MethodHead {
		return ""
	}
	u, err := s.store.User(p.UserID)
	if err == nil {
		for _, a := range s.effectiveAccess(u) {
			if a.RoleID == RoleOwner && a.Scope.Organization != nil {
				return ""
			}
		}
	}
	return "changing the organization needs the Owner role on it; the signed-in user " +
		"does not hold it"
}
