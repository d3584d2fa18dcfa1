package org.doorstep.common.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A nullable property naming another schema: null allowed there, and only there. */
class NullableReferencesTest {

    private static final Schema.SchemaType STRING = Schema.SchemaType.STRING;
    private static final Schema.SchemaType NULL = Schema.SchemaType.NULL;

    /** What SmallRye makes of {@code @Schema(nullable = true) TestResult latest} beside a plain {@code TestResult}. */
    private static OpenAPI document() {
        Schema result = OASFactory.createSchema().addType(STRING).enumeration(List.of("NEGATIVE", "POSITIVE"));
        Schema view = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("latest", OASFactory.createSchema().description("None before the first test")
                        .addAnyOf(OASFactory.createSchema().ref("#/components/schemas/TestResult"))
                        .addAnyOf(OASFactory.createSchema().addType(NULL)))
                .addProperty("result", OASFactory.createSchema().ref("#/components/schemas/TestResult"));
        return OASFactory.createOpenAPI().components(OASFactory.createComponents()
                .addSchema("TestResult", result).addSchema("View", view));
    }

    @Test
    void a_nullable_reference_becomes_a_copy_of_the_named_schema_that_allows_null() {
        OpenAPI api = document();
        new NullableReferences().filterOpenAPI(api);
        Schema latest = api.getComponents().getSchemas().get("View").getProperties().get("latest");
        assertEquals(List.of(STRING, NULL), latest.getType());
        assertEquals(List.of("NEGATIVE", "POSITIVE"), latest.getEnumeration());
        assertEquals("None before the first test", latest.getDescription());
        assertNull(latest.getAnyOf());
    }

    @Test
    void the_named_schema_and_its_other_uses_stay_non_null() {
        OpenAPI api = document();
        new NullableReferences().filterOpenAPI(api);
        assertEquals(List.of(STRING), api.getComponents().getSchemas().get("TestResult").getType());
        assertEquals("#/components/schemas/TestResult",
                api.getComponents().getSchemas().get("View").getProperties().get("result").getRef());
    }
}
