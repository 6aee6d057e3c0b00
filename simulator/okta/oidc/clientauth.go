package oidc

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"mime"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
)

// clientCredentials is what the caller presented to authenticate.
type clientCredentials struct {
	id, secret string
	basic      bool // client_secret_basic
}

// authenticateClient authenticates the caller of the token, revocation and
// introspection endpoints (RFC 6749 §2.3): client_secret_basic,
// client_secret_post, or none for public clients.
func (p *Provider) authenticateClient(c *gin.Context) (Client, error) {
	creds, err := readClientCredentials(c.Request)
	if err != nil {
		return Client{}, err
	}
	refused := p.clientRefusal(creds)

	client, err := p.dir.Client(c.Request.Context(), creds.id)
	if errors.Is(err, ErrUnknownClient) {
		return Client{}, refused
	}
	if err != nil {
		return Client{}, err
	}
	switch {
	case client.Public() && creds.secret != "":
		return Client{}, refused
	case client.Public():
		return client, nil
	case creds.secret == "" || !secretsEqual(client.Secret, creds.secret):
		return Client{}, refused
	}
	return client, nil
}

// readClientCredentials parses the form and the Authorization header. Using
// more than one method is an error (RFC 6749 §2.3).
func readClientCredentials(r *http.Request) (clientCredentials, error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); r.Method != http.MethodPost ||
		mt != "application/x-www-form-urlencoded" {
		return clientCredentials{}, badRequest(errInvalidRequest,
			"The request must be a POST with an application/x-www-form-urlencoded body.")
	}
	if err := r.ParseForm(); err != nil {
		return clientCredentials{}, badRequest(errInvalidRequest, "The request body is malformed.")
	}

	formID, formSecret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	user, pass, basic := r.BasicAuth()
	if !basic {
		if formID == "" {
			return clientCredentials{}, newError(errInvalidClient, http.StatusUnauthorized,
				"Client authentication failed: no client_id was presented.")
		}
		return clientCredentials{id: formID, secret: formSecret}, nil
	}

	// Basic credentials are form-encoded before base64 (RFC 6749 §2.3.1).
	id, errID := url.QueryUnescape(user)
	secret, errSecret := url.QueryUnescape(pass)
	switch {
	case errID != nil || errSecret != nil:
		return clientCredentials{}, badRequest(errInvalidRequest,
			"The Authorization header is malformed.")
	case formSecret != "":
		return clientCredentials{}, badRequest(errInvalidRequest,
			"Use only one client authentication method.")
	case formID != "" && formID != id:
		return clientCredentials{}, badRequest(errInvalidRequest,
			"The client_id in the body does not match the Authorization header.")
	}
	return clientCredentials{id: id, secret: secret, basic: true}, nil
}

// clientRefusal is the invalid_client error for these credentials: 401, with
// a Basic challenge when the header was used (RFC 6749 §5.2).
func (p *Provider) clientRefusal(creds clientCredentials) *oauthError {
	err := newError(errInvalidClient, http.StatusUnauthorized, "Client authentication failed.")
	if creds.basic {
		err.challenge = `Basic realm="` + p.cfg.Issuer + `"`
	}
	return err
}

// secretsEqual compares secrets in constant time; hashing first keeps the
// length of the stored secret from showing either.
func secretsEqual(want, got string) bool {
	w, g := sha256.Sum256([]byte(want)), sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(w[:], g[:]) == 1
}
