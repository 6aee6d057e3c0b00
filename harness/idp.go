package harness

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// idpClient drives idpsim over HTTP: the Okta Management API subset under
// /api/v1 and the simulator control under /_sim, both with the SSWS token.
type idpClient struct {
	baseURL string
	token   string
	hc      *http.Client
}

// oktaUser is the part of Okta's user object the harness reads.
type oktaUser struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// appUser is Okta's app user: the assignment and its provisioning state.
type appUser struct {
	ID         string `json:"id"`
	Scope      string `json:"scope"`
	Status     string `json:"status"`
	SyncState  string `json:"syncState"`
	ExternalID string `json:"externalId"`
}

// pushMapping is a Group Push mapping as idpsim shows it.
type pushMapping struct {
	ID              string `json:"id"`
	SourceGroupID   string `json:"sourceGroupId"`
	TargetGroupID   string `json:"targetGroupId"`
	TargetGroupName string `json:"targetGroupName"`
	Status          string `json:"status"`
	ErrorSummary    string `json:"errorSummary"`
	PendingPushes   int    `json:"pendingPushes"`
}

// task is an Okta provisioning task (Dashboard → Tasks).
type task struct {
	ID      string `json:"id"`
	AppID   string `json:"appId"`
	UserID  string `json:"userId"`
	GroupID string `json:"groupId"`
	Kind    string `json:"kind"`
	Status  string `json:"status"`
	Message string `json:"message"`
}

// exchange is one SCIM request and answer from idpsim's journal.
type exchange struct {
	Seq          int64   `json:"seq"`
	AppID        string  `json:"appId"`
	UserID       string  `json:"userId"`
	GroupID      string  `json:"groupId"`
	Attempt      int     `json:"attempt"`
	Method       string  `json:"method"`
	Path         string  `json:"path"`
	Query        string  `json:"query"`
	RequestBody  string  `json:"requestBody"`
	Status       int     `json:"status"`
	ResponseBody string  `json:"responseBody"`
	DurationMs   float64 `json:"durationMs"`
	Error        string  `json:"error"`
}

// faultRule is one outbound fault of PUT /_sim/faults/{appId}.
type faultRule struct {
	Method     string  `json:"method,omitempty"`
	Path       string  `json:"path,omitempty"`
	Count      int     `json:"count,omitempty"`
	Rate       float64 `json:"rate,omitempty"`
	Action     string  `json:"action"`
	Status     int     `json:"status,omitempty"`
	RetryAfter *int    `json:"retryAfter,omitempty"`
	Detail     string  `json:"detail,omitempty"`
}

func (c *idpClient) call(ctx context.Context, method, path string, body, out any) error {
	h := http.Header{"Authorization": {"SSWS " + c.token}}
	return explain(sendOK(ctx, c.hc, apiCall{method: method, url: c.baseURL + path, header: h, body: body}, out))
}

func (c *idpClient) createUser(ctx context.Context, profile map[string]string) (string, error) {
	// No credentials: group sync needs none, and hashing a password per user
	// would cost the suite time.
	body := map[string]any{"profile": profile}
	var u oktaUser
	if err := c.call(ctx, http.MethodPost, "/api/v1/users?activate=true", body, &u); err != nil {
		return "", fmt.Errorf("create okta user %s: %w", profile["login"], err)
	}
	return u.ID, nil
}

// updateProfile is Okta's partial profile update (POST /api/v1/users/{id}).
func (c *idpClient) updateProfile(ctx context.Context, id string, profile map[string]string) error {
	body := map[string]any{"profile": profile}
	if err := c.call(ctx, http.MethodPost, "/api/v1/users/"+id, body, nil); err != nil {
		return fmt.Errorf("update okta user %s: %w", id, err)
	}
	return nil
}

// lifecycle runs a user lifecycle operation (deactivate, activate, …).
func (c *idpClient) lifecycle(ctx context.Context, id, op string) error {
	if err := c.call(ctx, http.MethodPost, "/api/v1/users/"+id+"/lifecycle/"+op, nil, nil); err != nil {
		return fmt.Errorf("%s okta user %s: %w", op, id, err)
	}
	return nil
}

func (c *idpClient) deleteUser(ctx context.Context, id string) error {
	if err := c.call(ctx, http.MethodDelete, "/api/v1/users/"+id, nil, nil); err != nil {
		return fmt.Errorf("delete okta user %s: %w", id, err)
	}
	return nil
}

func (c *idpClient) createGroup(ctx context.Context, name string) (string, error) {
	body := map[string]any{"profile": map[string]string{"name": name, "description": "conformance"}}
	var g struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, http.MethodPost, "/api/v1/groups", body, &g); err != nil {
		return "", fmt.Errorf("create okta group %s: %w", name, err)
	}
	return g.ID, nil
}

func (c *idpClient) renameGroup(ctx context.Context, id, name string) error {
	body := map[string]any{"profile": map[string]string{"name": name, "description": "conformance"}}
	if err := c.call(ctx, http.MethodPut, "/api/v1/groups/"+id, body, nil); err != nil {
		return fmt.Errorf("rename okta group %s: %w", id, err)
	}
	return nil
}

func (c *idpClient) deleteGroup(ctx context.Context, id string) error {
	if err := c.call(ctx, http.MethodDelete, "/api/v1/groups/"+id, nil, nil); err != nil {
		return fmt.Errorf("delete okta group %s: %w", id, err)
	}
	return nil
}

// setMember adds (in true) or removes a user from an Okta group.
func (c *idpClient) setMember(ctx context.Context, groupID, userID string, in bool) error {
	method := http.MethodPut
	if !in {
		method = http.MethodDelete
	}
	if err := c.call(ctx, method, "/api/v1/groups/"+groupID+"/users/"+userID, nil, nil); err != nil {
		return fmt.Errorf("change membership of %s in %s: %w", userID, groupID, err)
	}
	return nil
}

// ping proves idpsim answers and takes the token.
func (c *idpClient) ping(ctx context.Context) error {
	return c.call(ctx, http.MethodGet, "/api/v1/apps?limit=1", nil, nil)
}

// waitIdle blocks until idpsim's push engine is idle for app, or timeout.
func (c *idpClient) waitIdle(ctx context.Context, appID string, timeout time.Duration) error {
	q := url.Values{"timeout": {timeout.String()}}
	if appID != "" {
		q.Set("app", appID)
	}
	h := http.Header{"Authorization": {"SSWS " + c.token}}
	a, err := send(ctx, c.hc, apiCall{method: http.MethodPost, url: c.baseURL + "/_sim/wait?" + q.Encode(), header: h})
	if err != nil {
		return fmt.Errorf("wait for okta pushes: %w", err)
	}
	if a.status == http.StatusRequestTimeout {
		return fmt.Errorf("okta pushes still pending after %s: %s", timeout, snippet(a.body))
	}
	if !a.ok() {
		return fmt.Errorf("wait for okta pushes: status %d: %s", a.status, snippet(a.body))
	}
	return nil
}

func (c *idpClient) pause(ctx context.Context, hold bool) error {
	path := "/_sim/resume"
	if hold {
		path = "/_sim/pause"
	}
	if err := c.call(ctx, http.MethodPost, path, nil, nil); err != nil {
		return fmt.Errorf("%s okta pushes: %w", path, err)
	}
	return nil
}

func (c *idpClient) journal(ctx context.Context, appID string) ([]exchange, error) {
	var out []exchange
	if err := c.call(ctx, http.MethodGet, "/_sim/journal?app="+url.QueryEscape(appID), nil, &out); err != nil {
		return nil, fmt.Errorf("read okta journal: %w", err)
	}
	return out, nil
}

func (c *idpClient) tasks(ctx context.Context, appID string) ([]task, error) {
	var out []task
	if err := c.call(ctx, http.MethodGet, "/_sim/tasks?app="+url.QueryEscape(appID), nil, &out); err != nil {
		return nil, fmt.Errorf("read okta tasks: %w", err)
	}
	return out, nil
}

func (c *idpClient) retryTask(ctx context.Context, id string) error {
	if err := c.call(ctx, http.MethodPost, "/_sim/tasks/"+id+"/retry", nil, nil); err != nil {
		return fmt.Errorf("retry okta task %s: %w", id, err)
	}
	return nil
}

func (c *idpClient) setFaults(ctx context.Context, appID string, rules []faultRule) error {
	body := map[string]any{"rules": rules}
	if err := c.call(ctx, http.MethodPut, "/_sim/faults/"+appID, body, nil); err != nil {
		return fmt.Errorf("set faults of %s: %w", appID, err)
	}
	return nil
}

func (c *idpClient) clearFaults(ctx context.Context, appID string) error {
	if err := c.call(ctx, http.MethodDelete, "/_sim/faults/"+appID, nil, nil); err != nil {
		return fmt.Errorf("clear faults of %s: %w", appID, err)
	}
	return nil
}
