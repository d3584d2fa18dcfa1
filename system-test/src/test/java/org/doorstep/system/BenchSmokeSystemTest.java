package org.doorstep.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.doorstep.bench.Bench;
import org.doorstep.bench.Target;
import org.doorstep.testkit.TestIdentity;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark is not a test (deploy/local/bench.sh, README "Performance"), but its quick mode runs here once,
 * in-process against the packaged services, so that it cannot rot: a few seconds of load, a results file that parses,
 * orders accepted and at least one assigned as the events show it. The figures themselves are not asserted: this
 * machine is shared and the stack runs beside the other tests.
 */
@Order(5)
class BenchSmokeSystemTest {

    @Test
    void the_quick_benchmark_runs_against_the_stack_and_writes_its_results() throws Exception {
        Stack stack = Stack.shared();
        Target target = new Target(stack.url(Stack.Service.ORDER), stack.url(Stack.Service.DISPATCH),
                stack.url(Stack.Service.VOLUNTEER), stack.database().jdbcUrl(""), stack.database().username(),
                stack.database().password(), stack.broker().bootstrapServers(), TestIdentity::token, Map.of());
        Path out = Path.of("target", "bench-smoke").toAbsolutePath();
        Bench.Options options = Bench.Options.quick(out);
        options.note = "system-test smoke run (BenchSmokeSystemTest)";
        options.serviceLogs = Path.of(System.getProperty("doorstep.root", ".."))
                .resolve("system-test/target/service-logs");

        Path json = Bench.run(target, options);

        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertEquals("quick", results.at("/meta/mode").asText());
        JsonNode burst = results.path("phases").path(0);
        assertEquals("burst", burst.path("kind").asText());
        long accepted = 0;
        long assigned = 0;
        for (JsonNode phase : results.path("phases")) {
            accepted += phase.at("/intake/accepted201").asLong();
            assigned += phase.at("/events/placedToAssigned/count").asLong();
        }
        assertTrue(burst.at("/intake/accepted201").asLong() > 0, "the burst placed no order: " + burst);
        assertTrue(assigned > 0, "no order was assigned, by the events");
        assertTrue(results.at("/raw/database/concurrent/perSecond").asLong() > 0, "raw database limit missing");
        assertTrue(results.at("/raw/broker/pipelined/perSecond").asLong() > 0, "raw broker limit missing");
        assertFalse(results.path("targets").isEmpty(), "no targets evaluated");
        Path report = json.resolveSibling(json.getFileName().toString().replace("results-", "report-")
                .replace(".json", ".html"));
        assertTrue(Files.readString(report).contains("<svg"), "the report has no chart: " + report);
        System.out.printf("bench smoke: %d orders accepted (burst %s/s, HTTP p99 %s ms), %d assigned "
                        + "(placed->assigned p99 in the burst %s ms); raw limits: database %s commits/s, broker %s "
                        + "records/s; %s%n", accepted, burst.at("/intake/acceptedPerSecond").asText(),
                burst.at("/intake/latency/p99Ms").asText(), assigned,
                burst.at("/events/placedToAssigned/p99Ms").asText(),
                results.at("/raw/database/concurrent/perSecond").asText(),
                results.at("/raw/broker/pipelined/perSecond").asText(), json);
    }
}
