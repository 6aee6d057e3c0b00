package oidc

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Messages the sign-in form shows when it refuses a sign-in. Unknown users
// and wrong passwords get the same message, so the form does not reveal who
// has an account; the others are shown only once the password is right.
const (
	MessageBadCredentials = "Unable to sign in. Check your username and password."
	MessageDeactivated    = "Your account is deactivated. Contact your administrator."
	MessageSuspended      = "Your account is suspended. Contact your administrator."
	MessageNotActivated   = "Your account is not activated yet. Contact your administrator."
	MessageMissingFields  = "Enter your username and password."
)

func (p *Provider) registerSignInRoutes(r gin.IRouter) {
	r.POST(PathSignIn, p.handleSignIn)
}

// showSignIn renders the form for a pending authorization request.
func (p *Provider) showSignIn(c *gin.Context, pending pendingAuth, username, message string,
	status int,
) {
	p.renderPage(c, status, "signin.html", signInPage{
		Action:     PathSignIn,
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
		p.showSignIn(c, pending, username, MessageMissingFields, http.StatusBadRequest)
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
	p.endBrowserSession(c) // a new sign-in replaces the browser's old session
	sid := p.store.openSession(subject.ID, now, p.cfg.SessionTTL)
	p.setCookie(c, sessionCookie, sid, int(p.cfg.SessionTTL.Seconds()))
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
	message, status := MessageBadCredentials, http.StatusUnauthorized
	switch {
	case errors.Is(err, ErrUnknownUser), errors.Is(err, ErrWrongPassword):
	case errors.Is(err, ErrUserDeactivated):
		message, status = MessageDeactivated, http.StatusForbidden
	case errors.Is(err, ErrUserSuspended):
		message, status = MessageSuspended, http.StatusForbidden
	case errors.Is(err, ErrUserNotActivated):
		message, status = MessageNotActivated, http.StatusForbidden
	default:
		p.renderErrorPage(c, err)
		return
	}
	p.cfg.Logger.Info("oidc sign-in refused", "client_id", pending.req.clientID,
		"reason", err.Error())
	p.showSignIn(c, pending, username, message, status)
}
