package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/api"
	"github.com/fusion-cti/fusion/internal/demo"
	"github.com/fusion-cti/fusion/internal/intel"
)

func (e *env) serveCommand() *cobra.Command {
	var listen string
	var loadDemo bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the Fusion server",
		Long: `Serve runs the HTTP server: /healthz, /readyz, Prometheus /metrics and the
JSON API under /api/v1 (objects, object by id, related, search). It prints the
URL it listens on as its first line of output. --demo loads the built-in,
synthetic demo data set first (again on every start; it is stored once).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.serve(listen, loadDemo)
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8470", "address to listen on (host:port; port 0 picks a free one)")
	cmd.Flags().BoolVar(&loadDemo, "demo", false, "load the built-in synthetic demo data set")
	return cmd
}

func (e *env) serve(listen string, loadDemo bool) error {
	ctx := e.ctx
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if loadDemo {
		in := &intel.Ingester{Store: st}
		res, err := in.Bundle(ctx, "demo data", bytes.NewReader(demo.Bundle()), intel.Options{Source: "demo"})
		if err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
		e.log.Info("demo data loaded", "objects", res.Read, "new", res.New, "new_versions", res.NewVersions, "duplicates", res.Duplicates)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return fmt.Errorf("listen: %w\nhint: --listen HOST:PORT picks another address", err)
	}
	srv := &http.Server{
		Handler:           api.New(st, e.log, prometheus.NewRegistry()),
		ReadHeaderTimeout: 10 * time.Second,
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintln(e.stdout, url)
	e.log.Info("listening", "url", url, "store", e.storeName())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	e.log.Info("stopped")
	return nil
}
