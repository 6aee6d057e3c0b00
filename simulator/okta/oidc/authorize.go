package oidc

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// MessageNotAssigned is the error_description of the access_denied redirect
// for a user not assigned to the app, in Okta's words.
const MessageNotAssigned = "User is not assigned to the client application."

// pkceValue matches a code_challenge or code_verifier (RFC 7636 §4.1, §4.2).
var pkceValue = regexp.MustCompile(`^[A-Za-z0-9\-._~]{43,128}$`)

func (p *Provider) registerAuthorizeRoutes(r gin.IRouter) {
	r.GET(PathAuthorize, p.handleAuthorize)
	r.POST(PathAuthorize, p.handleAuthorize) // OIDC Core §3.1.2.1 allows a form post
}

// handleAuthorize runs the authorization endpoint (RFC 6749 §4.1.1).
func (p *Provider) handleAuthorize(c *gin.Context) {
	if err := c.Request.ParseForm(); err != nil {
		p.renderErrorPage(c, badRequest(errInvalidRequest, "The request could not be parsed."))
		return
	}
	params := c.Request.Form

	client, err := p.authorizeClient(c, params)
	if err != nil {
		p.renderErrorPage(c, err)
		return
	}
	req, err := parseAuthRequest(params, client)
	if err != nil {
		redirectError(c, params.Get("redirect_uri"), params.Get("state"), err)
		return
	}
	p.continueAuthorize(c, req)
}

// authorizeClient checks what must be right before anything is redirected:
// no repeated parameter, a known client and an exactly registered
// redirect_uri (RFC 6749 §3.1, §4.1.2.1).
func (p *Provider) authorizeClient(c *gin.Context, params url.Values) (Client, error) {
	for name, values := range params {
		if len(values) > 1 {
			return Client{}, badRequest(errInvalidRequest,
				"The '"+name+"' parameter must not be repeated.")
		}
	}
	clientID := params.Get("client_id")
	if clientID == "" {
		return Client{}, badRequest(errInvalidRequest, "The 'client_id' parameter is required.")
	}
	client, err := p.dir.Client(c.Request.Context(), clientID)
	if errors.Is(err, ErrUnknownClient) {
		return Client{}, badRequest(errInvalidClient, "The 'client_id' parameter is invalid.")
	}
	if err != nil {
		return Client{}, err
	}
	if !client.hasRedirectURI(params.Get("redirect_uri")) {
		return Client{}, badRequest(errInvalidRequest, "The 'redirect_uri' parameter must be "+
			"a Login redirect URI in the client app settings.")
	}
	return client, nil
}

// parseAuthRequest validates the rest of the request; its errors go back to
// the client's redirect URI.
func parseAuthRequest(params url.Values, client Client) (authRequest, error) {
	req := authRequest{
		clientID:    client.ID,
		clientName:  client.Name,
		redirectURI: params.Get("redirect_uri"),
		state:       params.Get("state"),
		nonce:       params.Get("nonce"),
		scopes:      strings.Fields(params.Get("scope")),
		loginHint:   params.Get("login_hint"),
	}
	checks := []func() error{
		func() error { return checkResponseType(params, client) },
		func() error { return checkScopes(req.scopes) },
		func() error {
			if req.state == "" {
				return badRequest(errInvalidRequest, "The 'state' parameter is required.")
			}
			return nil
		},
		func() error {
			var err error
			req.codeChallenge, err = codeChallenge(params, client)
			return err
		},
		func() error {
			var err error
			req.forceLogin, req.noPrompt, err = parsePrompt(params)
			return err
		},
		func() error {
			var err error
			req.maxAge, err = parseMaxAge(params)
			return err
		},
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return authRequest{}, err
		}
	}
	return req, nil
}

func checkResponseType(params url.Values, client Client) error {
	switch rt := params.Get("response_type"); {
	case rt == "":
		return badRequest(errInvalidRequest, "The 'response_type' parameter is required.")
	case rt != "code":
		return badRequest(errUnsupportedResponseType,
			"The response type '"+rt+"' is not supported; use 'code'.")
	case !client.allowsGrant(GrantAuthorizationCode):
		return badRequest(errUnauthorizedClient,
			"The client is not authorized to use the authorization code grant.")
	}
	if mode := params.Get("response_mode"); mode != "" && mode != "query" {
		return badRequest(errInvalidRequest, "The response mode '"+mode+"' is not supported.")
	}
	return nil
}

func checkScopes(scopes []string) error {
	if !slices.Contains(scopes, scopeOpenID) {
		return badRequest(errInvalidScope, "The 'scope' parameter must include 'openid'.")
	}
	for _, s := range scopes {
		if !slices.Contains(supportedScopes, s) {
			return badRequest(errInvalidScope, "The scope '"+s+"' is not supported.")
		}
	}
	return nil
}

// codeChallenge checks PKCE (RFC 7636 §4.3): S256 only, and required for
// public clients, as Okta does.
func codeChallenge(params url.Values, client Client) (string, error) {
	challenge, method := params.Get("code_challenge"), params.Get("code_challenge_method")
	if challenge == "" {
		if client.Public() {
			return "", badRequest(errInvalidRequest,
				"PKCE code_challenge is required for a client without a secret.")
		}
		if method != "" {
			return "", badRequest(errInvalidRequest,
				"The 'code_challenge_method' parameter needs a 'code_challenge'.")
		}
		return "", nil
	}
	if method != "S256" {
		return "", badRequest(errInvalidRequest,
			"The PKCE code_challenge_method must be 'S256'; 'plain' is not supported.")
	}
	if !pkceValue.MatchString(challenge) {
		return "", badRequest(errInvalidRequest, "The PKCE code_challenge is malformed.")
	}
	return challenge, nil
}

// parsePrompt reads prompt (OIDC Core §3.1.2.1).
func parsePrompt(params url.Values) (forceLogin, noPrompt bool, err error) {
	values := strings.Fields(params.Get("prompt"))
	for _, v := range values {
		switch v {
		case "login":
			forceLogin = true
		case "none":
			noPrompt = true
		case "consent", "select_account":
		default:
			return false, false, badRequest(errInvalidRequest,
				"The prompt value '"+v+"' is not supported.")
		}
	}
	if noPrompt && len(values) > 1 {
		return false, false, badRequest(errInvalidRequest,
			"The prompt value 'none' must be used alone.")
	}
	return forceLogin, noPrompt, nil
}

// parseMaxAge reads max_age in seconds (OIDC Core §3.1.2.1); -1 means none.
func parseMaxAge(params url.Values) (time.Duration, error) {
	raw := params.Get("max_age")
	if raw == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		return 0, badRequest(errInvalidRequest, "The 'max_age' parameter is invalid.")
	}
	return time.Duration(n) * time.Second, nil
}

// continueAuthorize uses a live session when there is one, or shows the
// sign-in form.
func (p *Provider) continueAuthorize(c *gin.Context, req authRequest) {
	if !req.forceLogin {
		if sess, ok := p.liveSession(c); ok && !p.tooOld(sess, req) {
			p.completeAuthorize(c, req, sess.userID, sess.authTime)
			return
		}
	}
	if req.noPrompt {
		redirectError(c, req.redirectURI, req.state,
			badRequest(errLoginRequired, "The user is not signed in."))
		return
	}
	pending := p.store.addPending(req, p.browserCSRF(c), p.cfg.Now())
	p.showSignIn(c, pending, req.loginHint, "", http.StatusOK)
}

// tooOld reports whether the session's sign-in is older than the request's
// max_age allows (OIDC Core §3.1.2.1); max_age=0 always asks again.
func (p *Provider) tooOld(sess session, req authRequest) bool {
	if req.maxAge < 0 {
		return false
	}
	return req.maxAge == 0 || p.cfg.Now().Sub(sess.authTime) > req.maxAge
}

// completeAuthorize issues a code to a signed-in user, or access_denied when
// the user is not assigned to the app, as Okta does.
func (p *Provider) completeAuthorize(c *gin.Context, req authRequest, userID string,
	authTime time.Time,
) {
	if !p.dir.Assigned(c.Request.Context(), req.clientID, userID) {
		p.cfg.Logger.Info("oidc authorize refused", "client_id", req.clientID,
			"user_id", userID, "reason", "not_assigned")
		redirectError(c, req.redirectURI, req.state, newError(errAccessDenied,
			http.StatusForbidden, MessageNotAssigned))
		return
	}

	now := p.cfg.Now()
	code := p.store.issueCode(authCode{
		req: req, userID: userID, authTime: authTime, expires: now.Add(p.cfg.CodeTTL),
	}, now)
	p.cfg.Logger.Debug("oidc code issued", "client_id", req.clientID, "user_id", userID)
	c.Redirect(http.StatusFound, withQuery(req.redirectURI,
		url.Values{"code": {code}, "state": {req.state}}))
}
