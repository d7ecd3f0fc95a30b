package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type openAPIDoc struct {
	Paths map[string]map[string]struct {
		Parameters []struct {
			Name string `json:"name"`
			In   string `json:"in"`
		} `json:"parameters"`
		Responses map[string]struct {
			Content map[string]struct {
				Schema map[string]any `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
		Security []any `json:"security"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

// TestOpenAPI checks that /api/v1/openapi.json describes exactly the
// handlers the server has, that its references resolve, and that real
// answers to every documented GET have a documented status and the
// documented required properties.
func TestOpenAPI(t *testing.T) {
	srv, api := newServerAPI(t)
	resp, err := http.Get(srv.URL + "/api/v1/openapi.json") // needs no key
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("openapi.json: %d", resp.StatusCode)
	}
	var doc openAPIDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	var documented, served []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
			for _, name := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(path, -1) {
				if !slices.ContainsFunc(op.Parameters, func(p struct {
					Name string `json:"name"`
					In   string `json:"in"`
				}) bool {
					return p.Name == name[1] && p.In == "path"
				}) {
					t.Errorf("%s %s: path parameter %s is not declared", method, path, name[1])
				}
			}
			if _, ok := op.Responses["401"]; !ok && op.Security == nil {
				t.Errorf("%s %s needs a key but documents no 401", method, path)
			}
		}
	}
	served = api.Routes()
	slices.Sort(documented)
	slices.Sort(served)
	if !slices.Equal(documented, served) {
		t.Errorf("documented operations %v\nserved routes %v", documented, served)
	}
	for _, ref := range regexp.MustCompile(`"#/components/schemas/(\w+)"`).FindAllStringSubmatch(string(body), -1) {
		if _, ok := doc.Components.Schemas[ref[1]]; !ok {
			t.Errorf("reference to an undefined schema %s", ref[1])
		}
	}
	// Every GET without a path parameter, answered for real.
	for path, ops := range doc.Paths {
		op, ok := ops["get"]
		if !ok || strings.Contains(path, "{") || path == "/api/v1/stream" {
			continue
		}
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+srv.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		r, ok := op.Responses[strconv.Itoa(resp.StatusCode)]
		if !ok {
			t.Errorf("GET %s answered %d, which is not documented", path, resp.StatusCode)
			continue
		}
		c, ok := r.Content["application/json"]
		if !ok {
			continue
		}
		schema := c.Schema
		if ref, ok := schema["$ref"].(string); ok {
			schema = doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
		}
		var obj map[string]any
		if err := json.Unmarshal(got, &obj); err != nil {
			t.Errorf("GET %s: not a JSON object: %s", path, got)
			continue
		}
		req2, _ := schema["required"].([]any)
		for _, name := range req2 {
			if _, ok := obj[name.(string)]; !ok {
				t.Errorf("GET %s: the answer lacks the documented property %s: %s", path, name, got)
			}
		}
	}
}
