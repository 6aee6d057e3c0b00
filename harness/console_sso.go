package harness

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// oktaBlock is the okta block of an SSO connection.
type oktaBlock struct {
	OktaDomain   string `json:"oktaDomain"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret,omitempty"`
}

func connPath(id string) string { return "/v1/sso-connections/" + url.PathEscape(id) }

// createConnection creates an Okta SSO connection.
func (c *consoleClient) createConnection(ctx context.Context, name, domain string,
	okta oktaBlock,
) (ssoConnection, error) {
	body := map[string]any{"name": name, "emailDomain": domain, "okta": okta}
	var conn ssoConnection
	if err := c.call(ctx, http.MethodPost, "/v1/sso-connections", body, &conn); err != nil {
		return conn, fmt.Errorf("create sso connection %s: %w", name, err)
	}
	return conn, nil
}

func (c *consoleClient) connection(ctx context.Context, id string) (ssoConnection, error) {
	var conn ssoConnection
	if err := c.call(ctx, http.MethodGet, connPath(id), nil, &conn); err != nil {
		return conn, fmt.Errorf("read sso connection %s: %w", id, err)
	}
	return conn, nil
}

// updateConnection saves changes to a connection; the answer is returned
// whatever its status, since refusals are outcomes scenarios check.
func (c *consoleClient) updateConnection(ctx context.Context, id string, body map[string]any) (*apiAnswer, error) {
	a, err := send(ctx, c.hc, c.request(http.MethodPost, connPath(id), body))
	if err != nil {
		return nil, fmt.Errorf("update sso connection %s: %w", id, err)
	}
	return a, nil
}

// setSync turns group sync on (returning the new SCIM token) or off.
func (c *consoleClient) setSync(ctx context.Context, id string, on bool) (string, error) {
	var out struct {
		Token struct {
			Token string `json:"token"`
		} `json:"token"`
	}
	body := map[string]bool{"sync": on}
	if err := c.call(ctx, http.MethodPost, connPath(id)+"/sync", body, &out); err != nil {
		return "", fmt.Errorf("turn sync %t on connection %s: %w", on, id, err)
	}
	if on && out.Token.Token == "" {
		return "", fmt.Errorf("turn sync on for connection %s: no token in the answer", id)
	}
	return out.Token.Token, nil
}

func (c *consoleClient) deleteConnection(ctx context.Context, id string) error {
	if err := c.call(ctx, http.MethodDelete, connPath(id), nil, nil); err != nil {
		return fmt.Errorf("delete sso connection %s: %w", id, err)
	}
	return nil
}
