package scimspec

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/idpsim/idpsim/harness/jsonhttp"
	"github.com/idpsim/idpsim/scim"
)

// Client is a small SCIM 2.0 client for checks and assertions: it sends what it
// is given and hands back status and body without judging them.
type Client struct {
	BaseURL string // e.g. http://127.0.0.1:8081/scim/v2, without a trailing slash
	Token   string // sent as "Authorization: Bearer <token>"; empty sends none
	HTTP    *http.Client
}

// Response is one SCIM answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends method to path (relative to BaseURL, query included) with body
// encoded as JSON when it is not nil.
func (c *Client) Do(ctx context.Context, method, path string, body any) (*Response, error) {
	h := http.Header{}
	h.Set("Accept", scim.ContentType)
	if body != nil {
		h.Set("Content-Type", scim.ContentTypeWithCharset)
	}
	if c.Token != "" {
		h.Set("Authorization", "Bearer "+c.Token)
	}
	a, err := jsonhttp.Send(ctx, c.HTTP, jsonhttp.Request{
		Method: method, URL: strings.TrimRight(c.BaseURL, "/") + path, Header: h, Body: body,
		MaxAnswer: 16 << 20,
	})
	if err != nil {
		return nil, err
	}
	return &Response{Status: a.Status, Header: a.Header, Body: a.Body}, nil
}

// Decode reads the body into v.
func (r *Response) Decode(v any) error { return jsonhttp.Decode(r.Status, r.Body, v, snippetLimit) }

// Expect returns an error naming the answer unless its status is one of want.
func (r *Response) Expect(what string, want ...int) error {
	for _, w := range want {
		if r.Status == w {
			return nil
		}
	}
	return fmt.Errorf("%s: status %d, want %v: %s", what, r.Status, want, Snippet(r.Body))
}

// snippetLimit is how much of a body an error message quotes.
const snippetLimit = 400

// Snippet shortens a body for an error message.
func Snippet(b []byte) string { return jsonhttp.Snippet(b, snippetLimit) }

// FilterQuery returns "?filter=<attr> eq "<value>"&startIndex=1&count=100" with
// the filter percent-encoded as Okta sends it.
func FilterQuery(attr, value string) string {
	v := strings.ReplaceAll(value, `\`, `\\`)
	v = strings.ReplaceAll(v, `"`, `\"`)
	f := fmt.Sprintf(`%s eq "%s"`, attr, v)
	return "?filter=" + strings.ReplaceAll(url.QueryEscape(f), "+", "%20") +
		"&startIndex=1&count=100"
}

// List queries path (e.g. "/Users" + FilterQuery(…)) and returns the list.
func (c *Client) List(ctx context.Context, pathAndQuery string) (*scim.ListResponse, error) {
	resp, err := c.Do(ctx, http.MethodGet, pathAndQuery, nil)
	if err != nil {
		return nil, err
	}
	if err := resp.Expect("GET "+pathAndQuery, http.StatusOK); err != nil {
		return nil, err
	}
	var list scim.ListResponse
	if err := resp.Decode(&list); err != nil {
		return nil, err
	}
	return &list, nil
}

// FindUser returns the users whose userName equals userName.
func (c *Client) FindUser(ctx context.Context, userName string) ([]scim.User, error) {
	list, err := c.List(ctx, "/Users"+FilterQuery("userName", userName))
	if err != nil {
		return nil, fmt.Errorf("find user %s: %w", userName, err)
	}
	return decodeAll[scim.User](list)
}

// FindGroup returns the groups whose displayName equals name.
func (c *Client) FindGroup(ctx context.Context, name string) ([]scim.Group, error) {
	list, err := c.List(ctx, "/Groups"+FilterQuery("displayName", name))
	if err != nil {
		return nil, fmt.Errorf("find group %s: %w", name, err)
	}
	return decodeAll[scim.Group](list)
}

// GetRaw reads one resource as a generic map (path like "/Users/<id>").
func (c *Client) GetRaw(ctx context.Context, path string) (map[string]any, int, error) {
	resp, err := c.Do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return nil, 0, err
	}
	if resp.Status != http.StatusOK {
		return nil, resp.Status, nil
	}
	var m map[string]any
	if err := resp.Decode(&m); err != nil {
		return nil, resp.Status, err
	}
	return m, resp.Status, nil
}

// GetGroup reads one group by id; found is false on 404.
func (c *Client) GetGroup(ctx context.Context, id string) (g scim.Group, found bool, err error) {
	resp, err := c.Do(ctx, http.MethodGet, "/Groups/"+url.PathEscape(id), nil)
	if err != nil {
		return g, false, err
	}
	if resp.Status == http.StatusNotFound {
		return g, false, nil
	}
	if err := resp.Expect("GET group "+id, http.StatusOK); err != nil {
		return g, false, err
	}
	return g, true, resp.Decode(&g)
}

// Delete removes a resource (path like "/Users/<id>"); a 404 counts as done.
func (c *Client) Delete(ctx context.Context, path string) error {
	resp, err := c.Do(ctx, http.MethodDelete, path, nil)
	if err != nil {
		return err
	}
	return resp.Expect("DELETE "+path, http.StatusNoContent, http.StatusOK, http.StatusNotFound)
}

func decodeAll[T any](list *scim.ListResponse) ([]T, error) {
	out := make([]T, 0, len(list.Resources))
	for _, raw := range list.Resources {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("decode resource: %w", err)
		}
		out = append(out, v)
	}
	return out, nil
}
