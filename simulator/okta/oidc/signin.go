package oidc

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Sign-in refusals shown on the form. Unknown users and wrong passwords get
// the same message, so the form does not reveal who has an account.
const (
	msgBadCredentials = "Unable to sign in. Check your username and password."
	msgDeactivated    = "Your account is deactivated. Contact your administrator."
	msgSuspended      = "Your account is suspended. Contact your administrator."
	msgNotActivated   = "Your account is not activated yet. Contact your administrator."
	msgMissingFields  = "Enter your username and password."
)

func (p *Provider) registerSignInRoutes(r gin.IRouter) {
	r.POST(pathSignIn, p.handleSignIn)
}

// showSignIn renders the form for a pending authorization request.
func (p *Provider) showSignIn(c *gin.Context, pending pendingAuth, username, message string,
	status int,
) {
	p.renderPage(c, status, "signin.html", signInPage{
		Action:     pathSignIn,
		ClientName: pending.req.clientName,
		Message:    message,
		RequestID:  pending.id,
		CSRFToken:  pending.csrf,
		Username:   username,
	})
}

// handleSignIn checks the posted form, opens a session and completes the
// pending authorization request.
func (p *Provider) handleSignIn(c *gin.Context) {
	now := p.cfg.Now()
	pending, ok := p.store.pendingAuth(c.PostForm("request_id"), now)
	if !ok {
		p.renderErrorPage(c, badRequest(errInvalidRequest,
			"The sign-in request is unknown or has expired. Start again from the application."))
		return
	}
	if !p.csrfMatches(c, pending.csrf) {
		p.renderErrorPage(c, newError(errInvalidRequest, http.StatusForbidden,
			"The sign-in form is not valid for this browser. Start again from the application."))
		return
	}

	username := strings.TrimSpace(c.PostForm("username"))
	password := c.PostForm("password")
	if username == "" || password == "" {
		p.showSignIn(c, pending, username, msgMissingFields, http.StatusBadRequest)
		return
	}
	subject, err := p.dir.Authenticate(c.Request.Context(), username, password)
	if err == nil && !subject.Active {
		err = ErrUserNotActivated
	}
	if err != nil {
		p.refuseSignIn(c, pending, username, err)
		return
	}

	p.store.deletePending(pending.id)
	sid := p.store.openSession(subject.ID, now, p.cfg.SessionTTL)
	p.setCookie(c, sessionCookie, sid, "/", int(p.cfg.SessionTTL.Seconds()))
	p.cfg.Logger.Info("oidc sign-in", "user_id", subject.ID, "client_id", pending.req.clientID)
	p.completeAuthorize(c, pending.req, subject.ID, now)
}

// csrfMatches requires the form's token and the browser's cookie to both
// equal the token the form was rendered with.
func (p *Provider) csrfMatches(c *gin.Context, want string) bool {
	cookie, err := c.Cookie(csrfCookie)
	if err != nil {
		return false
	}
	form := c.PostForm("csrf_token")
	return subtle.ConstantTimeCompare([]byte(cookie), []byte(want)) == 1 &&
		subtle.ConstantTimeCompare([]byte(form), []byte(want)) == 1
}

// refuseSignIn shows the form again with the reason.
func (p *Provider) refuseSignIn(c *gin.Context, pending pendingAuth, username string, err error) {
	message, status := msgBadCredentials, http.StatusUnauthorized
	switch {
	case errors.Is(err, ErrUnknownUser), errors.Is(err, ErrWrongPassword):
	case errors.Is(err, ErrUserDeactivated):
		message, status = msgDeactivated, http.StatusForbidden
	case errors.Is(err, ErrUserSuspended):
		message, status = msgSuspended, http.StatusForbidden
	case errors.Is(err, ErrUserNotActivated):
		message, status = msgNotActivated, http.StatusForbidden
	default:
		p.renderErrorPage(c, err)
		return
	}
	p.cfg.Logger.Info("oidc sign-in refused", "client_id", pending.req.clientID,
		"reason", err.Error())
	p.showSignIn(c, pending, username, message, status)
}
