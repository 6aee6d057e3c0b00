package webui

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Sessions are the signed-in browsers of a console: a random id in an
// HttpOnly cookie, mapped in memory to a value of type V until it expires.
// What V holds never reaches the browser.
type Sessions[V any] struct {
	cookie string
	path   string
	secure bool
	ttl    time.Duration

	mu   sync.Mutex
	byID map[string]session[V]
}

type session[V any] struct {
	value   V
	expires time.Time
}

// NewSessions keeps sessions in the cookie named cookie, scoped to path, for
// ttl each.
func NewSessions[V any](cookie, path string, secure bool, ttl time.Duration) *Sessions[V] {
	return &Sessions[V]{
		cookie: cookie, path: path, secure: secure, ttl: ttl,
		byID: map[string]session[V]{},
	}
}

// Start opens a session holding v and hands its id to the browser.
func (s *Sessions[V]) Start(c *gin.Context, v V) {
	buf := make([]byte, 32)
	_, _ = rand.Read(buf)
	id := base64.RawURLEncoding.EncodeToString(buf)
	s.mu.Lock()
	s.byID[id] = session[V]{value: v, expires: time.Now().Add(s.ttl)}
	s.mu.Unlock()
	http.SetCookie(c.Writer, &http.Cookie{
		Name: s.cookie, Value: id, Path: s.path, HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: int(s.ttl.Seconds()),
	})
}

// Get returns the value of the browser's session, if it has a live one.
func (s *Sessions[V]) Get(c *gin.Context) (V, bool) {
	var zero V
	ck, err := c.Request.Cookie(s.cookie)
	if err != nil {
		return zero, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, found := s.byID[ck.Value]
	if found && time.Now().After(ss.expires) {
		delete(s.byID, ck.Value)
		return zero, false
	}
	return ss.value, found
}

// End forgets the browser's session and clears its cookie.
func (s *Sessions[V]) End(c *gin.Context) {
	if ck, err := c.Request.Cookie(s.cookie); err == nil {
		s.mu.Lock()
		delete(s.byID, ck.Value)
		s.mu.Unlock()
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: s.cookie, Path: s.path, MaxAge: -1})
}
