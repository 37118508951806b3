/*
 * A stand-in for libgupnp-igd-1.0.so.4, put on LD_LIBRARY_PATH of Debian 12's simple-whip-client by
 * SimpleWhipClientTest: the real one loads libsoup3 into a process that uses libsoup2, and the client aborts at
 * start. libnice asks it only for UPnP port mappings, which a test never needs: no IGD is ever made, so libnice
 * calls nothing else.
 */
#include <stddef.h>
typedef unsigned long GType;
void *gupnp_simple_igd_thread_new(void) { return NULL; }
GType gupnp_simple_igd_get_type(void) { return 0; }
void gupnp_simple_igd_add_port(void *igd, const char *protocol, unsigned external_port, const char *local_ip,
                               unsigned local_port, unsigned lease_duration, const char *description) {}
void gupnp_simple_igd_remove_port_local(void *igd, const char *protocol, const char *local_ip, unsigned local_port) {}
