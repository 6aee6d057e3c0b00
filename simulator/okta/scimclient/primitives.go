package scimclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/idpsim/idpsim/scim"
)

// The reads and read-modify-writes that the user and group steps and the
// profiles are built from.

func userPath(id string) string  { return "/Users/" + url.PathEscape(id) }
func groupPath(id string) string { return "/Groups/" + url.PathEscape(id) }

// find walks lookup pages of 100 until a resource whose attr equals value
// turns up or the pages run out.
func (c *Client) find(ctx context.Context, tag Tag, path, attr,
	value string,
) (Resource, bool, error) {
	for page := range maxPages {
		start := scim.DefaultListStartIndex + page*listCount
		resp, err := c.Do(ctx, tag, Request{
			Method: http.MethodGet, Path: path,
			Query: c.filterQuery(attr, value, start),
		})
		if errors.Is(err, ErrNotFound) {
			return Resource{}, false, nil
		}
		if err != nil {
			return Resource{}, false, err
		}
		r, ok, total, err := findIn(resp.Body, attr, value)
		if err != nil || ok {
			return r, ok, err
		}
		if start+listCount > total {
			break
		}
	}
	return Resource{}, false, nil
}

// get reads one resource as a JSON object.
func (c *Client) get(ctx context.Context, tag Tag, path string) (map[string]any, error) {
	resp, err := c.Do(ctx, tag, Request{Method: http.MethodGet, Path: path})
	if err != nil {
		return nil, err
	}
	return decodeObject(resp.Body)
}

// getPut is Okta's read-modify-write: GET path, then PUT the answer with
// mapped laid over it.
func (c *Client) getPut(ctx context.Context, tag Tag, path string, mapped map[string]any) error {
	server, err := c.get(ctx, tag, path)
	if err != nil {
		return err
	}
	norm, err := normalize(mapped)
	if err != nil {
		return err
	}
	_, err = c.Do(ctx, tag, Request{
		Method: http.MethodPut, Path: path,
		Body: overlay(server, norm),
	})
	return err
}

// normalize turns any Go value into the map/slice form of decoded JSON.
func normalize(v map[string]any) (map[string]any, error) {
	b, err := encodeJSON(v)
	if err != nil {
		return nil, fmt.Errorf("encode mapped values: %w", err)
	}
	if len(b) == 0 || string(b) == "null" {
		return map[string]any{}, nil
	}
	return decodeObject(b)
}
