package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/stix/pattern"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/testgen"
)

func (e *env) benchCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Generate benchmark input and measure the store",
	}
	var count int
	var seed int64
	var outFile string
	gen := &cobra.Command{
		Use:   "gen",
		Short: "Write a generated STIX bundle of indicators",
		Long: `Gen writes a deterministic STIX 2.1 bundle of --count synthetic indicators
(IPv4, domain, URL, hash, email and compound patterns) to stdout or -o FILE,
streaming, for ingest benchmarks.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w := e.stdout
			if outFile != "" {
				f, err := os.Create(outFile)
				if err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			bw := bufio.NewWriterSize(w, 1<<20)
			if err := testgen.Indicators(bw, count, seed); err != nil {
				return err
			}
			return bw.Flush()
		},
	}
	gen.Flags().IntVarP(&count, "count", "n", 1_000_000, "number of indicators")
	gen.Flags().Int64Var(&seed, "seed", 1, "generator seed")
	gen.Flags().StringVarP(&outFile, "out", "o", "", "write to FILE instead of stdout")

	var queries int
	query := &cobra.Command{
		Use:   "query",
		Short: "Measure get and search latency on the configured store",
		Long: `Query samples stored objects and times --queries calls each of get (by id),
search by an observable value, and search by a word of a name, printing p50,
p90 and p99 latencies.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.benchQuery(queries)
		},
	}
	query.Flags().IntVar(&queries, "queries", 1000, "calls per measured operation")
	cmd.AddCommand(gen, query)
	return cmd
}

func (e *env) benchQuery(n int) error {
	st, err := e.openStore(e.ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	stats, err := st.Stats(e.ctx)
	if err != nil {
		return err
	}
	// Sample ids spread over the store by paging with random cursors.
	var sample []store.Stored
	first, err := st.List(e.ctx, access.Operator, store.Filter{Limit: 1, Versions: store.Versions{All: true}})
	if err != nil {
		return err
	}
	if len(first.Items) == 0 {
		return fmt.Errorf("the store is empty: ingest something first (fusion bench gen | fusion ingest -)")
	}
	lo := first.Items[0].Added.UnixMicro()
	hi := max(time.Now().UnixMicro(), lo+1) // dates added may run ahead of the clock
	rng := rand.New(rand.NewPCG(1, 2))
	for len(sample) < n {
		page, err := st.List(e.ctx, access.Operator, store.Filter{After: time.UnixMicro(lo + rng.Int64N(hi-lo)), Limit: 10})
		if err != nil {
			return err
		}
		sample = append(sample, page.Items...)
	}
	sample = sample[:n]
	// Observable values the sampled objects carry or look for.
	values := make([]string, 0, n)
	for _, s := range sample {
		var p struct {
			Pattern string `json:"pattern"`
			Value   string `json:"value"`
		}
		json.Unmarshal(s.Raw, &p)
		if p.Value != "" {
			values = append(values, p.Value)
		} else if pat, err := pattern.Parse(p.Pattern); err == nil && len(pat.Observables()) > 0 {
			values = append(values, pat.Observables()[0].Value)
		}
	}
	if len(values) == 0 {
		return fmt.Errorf("no observable values among %d sampled objects", len(sample))
	}
	measure := func(name string, op func(i int) error) error {
		d := make([]time.Duration, n)
		for i := range n {
			start := time.Now()
			if err := op(i); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			d[i] = time.Since(start)
		}
		slices.Sort(d)
		fmt.Fprintf(e.stdout, "%-16s n=%d p50=%s p90=%s p99=%s\n", name, n, d[n/2], d[n*9/10], d[n*99/100])
		return nil
	}
	fmt.Fprintf(e.stdout, "store %s: %d objects, %d versions\n", e.storeName(), stats.Objects, stats.Versions)
	if err := measure("get", func(i int) error {
		_, err := st.Get(e.ctx, access.Operator, sample[i].ID, store.Versions{})
		return err
	}); err != nil {
		return err
	}
	words := []string{"indicator", "beacon", "phishing", "loader", "Generated " + strconv.Itoa(n)}
	if err := measure("search-word", func(i int) error {
		_, err := st.Search(e.ctx, access.Operator, store.Query{Text: words[i%len(words)], Limit: 20})
		return err
	}); err != nil {
		return err
	}
	return measure("search-value", func(i int) error {
		_, err := st.Search(e.ctx, access.Operator, store.Query{Text: values[i%len(values)], Limit: 20})
		return err
	})
}
