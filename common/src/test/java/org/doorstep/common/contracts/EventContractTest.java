package org.doorstep.common.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every example in docs/events.md is read into its record and written back with exactly the documented fields. */
class EventContractTest {

    private static final Map<String, Class<?>> RECORDS = Map.of(
            BuildingState.TYPE, BuildingState.class,
            VolunteerState.TYPE, VolunteerState.class,
            OrderPlaced.TYPE, OrderPlaced.class,
            OrderCancelled.TYPE, OrderCancelled.class,
            OrderProgressed.TYPE, OrderProgressed.class,
            RunChanged.TYPE, RunChanged.class,
            DistributionStarted.TYPE, DistributionStarted.class,
            HouseholdChanged.TYPE, HouseholdChanged.class,
            HouseholdErased.TYPE, HouseholdErased.class,
            ResidentNotReached.TYPE, ResidentNotReached.class);

    private static final ObjectMapper STRICT = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TestFactory
    List<DynamicTest> every_documented_event_matches_its_record() throws Exception {
        Map<String, String> examples = examples(Files.readString(Path.of("..", "docs", "events.md")));
        assertEquals(new TreeSet<>(RECORDS.keySet()), new TreeSet<>(examples.keySet()),
                "docs/events.md documents exactly the event records");
        List<DynamicTest> tests = new ArrayList<>();
        examples.forEach((type, json) -> tests.add(DynamicTest.dynamicTest(type, () -> {
            JsonNode documented = STRICT.readTree(json);
            Object event = STRICT.treeToValue(documented, RECORDS.get(type));
            JsonNode written = STRICT.valueToTree(event);
            assertEquals(fields(documented), fields(written), type + ": documented fields vs record fields");
            assertFalse(written.has("handoffCode"), "no event carries a handoff code");
        })));
        return tests;
    }

    private static Map<String, String> examples(String markdown) {
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher matcher = Pattern.compile("(?m)^### (\\w+)\\s*$(.*?)^```json\\s*$(.*?)^```", Pattern.DOTALL)
                .matcher(markdown);
        while (matcher.find()) {
            examples.put(matcher.group(1), matcher.group(3));
        }
        return examples;
    }

    private static TreeSet<String> fields(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
