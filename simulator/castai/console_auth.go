package castai

import (
	"crypto/subtle"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Principal is who made a console request.
type Principal struct {
	// Kind is PrincipalAPIKey or PrincipalSession.
	Kind string `json:"kind"`
	// UserID is the signed-in user, empty for an API key.
	UserID string `json:"userId,omitempty"`
}

// PrincipalAPIKey is the kind of a request made with the owner API key.
const PrincipalAPIKey = "apiKey"

// ErrNoCredentials is returned by an Authenticator when the request carries
// no credentials of its kind, so that the next one may try.
var ErrNoCredentials = errors.New("no credentials")

// Authenticator authenticates console requests. The console tries each
// authenticator in turn: the owner API key, then SSO sessions.
type Authenticator interface {
	// Authenticate returns the principal, ErrNoCredentials when the request
	// has none of this kind, or an error whose text the client may see.
	Authenticate(r *http.Request) (Principal, error)
}

// apiKeyAuth accepts the owner key in X-API-Key, compared in constant time.
type apiKeyAuth struct{ key string }

func (a apiKeyAuth) Authenticate(r *http.Request) (Principal, error) {
	got := r.Header.Get("X-API-Key")
	if got == "" {
		return Principal{}, ErrNoCredentials
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(a.key)) != 1 {
		return Principal{}, errors.New("the X-API-Key is not valid")
	}
	return Principal{Kind: PrincipalAPIKey}, nil
}

const principalKey = "castsim.principal"

func (s *Server) authConsole(c *gin.Context) {
	if s.cfg.APIKey == "" && c.GetHeader("X-API-Key") != "" {
		consoleError(c, http.StatusUnauthorized, "API keys are disabled: castsim was "+
			"started without an API key (--api-key or CASTSIM_API_KEY); sign in with SSO "+
			"at /v1/auth/login instead")
		return
	}
	for _, a := range s.auth {
		p, err := a.Authenticate(c.Request)
		if errors.Is(err, ErrNoCredentials) {
			continue
		}
		if err != nil {
			consoleError(c, http.StatusUnauthorized, err.Error())
			return
		}
		if msg := s.mayChange(c.Request.Method, p); msg != "" {
			consoleError(c, http.StatusForbidden, msg)
			return
		}
		c.Set(principalKey, p)
		c.Next()
		return
	}
	consoleError(c, http.StatusUnauthorized, "missing credentials: send the X-API-Key header "+
		"(castsim's --api-key) or sign in with SSO at /v1/auth/login")
}

// inOrg refuses requests for an organization other than the server's one.
func (s *Server) inOrg(c *gin.Context) {
	if c.Param("org") != s.cfg.OrgID {
		consoleError(c, http.StatusNotFound, "organization "+c.Param("org")+" not found")
		return
	}
	c.Next()
}

// consoleError renders the console's error body {"message": …} and aborts.
func consoleError(c *gin.Context, status int, msg string) {
	c.AbortWithStatusJSON(status, gin.H{"message": msg})
}
