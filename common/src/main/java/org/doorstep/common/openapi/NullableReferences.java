package org.doorstep.common.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A property marked {@code @Schema(nullable = true)} whose type is another schema (an enum, a time, an object) is
 * written into an OpenAPI 3.0 document as {@code allOf: [$ref]} beside {@code nullable: true}. In OpenAPI 3.0
 * {@code nullable} lets null through only where a {@code type} stands beside it, so that says "never null" to a
 * validator or a client generator. Such a property becomes a copy of the schema it names, with the null added to its type.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class NullableReferences implements OASFilter {

    private static final String COMPONENTS = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> components = api.getComponents().getSchemas();
        components.values().forEach(schema -> inline(schema, components));
    }

    private static void inline(Schema schema, Map<String, Schema> components) {
        if (schema.getProperties() == null) {
            return;
        }
        Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
        properties.replaceAll((name, property) -> {
            Schema target = nullableReferenceTarget(property, components);
            if (target == null) {
                inline(property, components);
                return property;
            }
            Schema copy = OASFactory.createSchema();
            copy.setAll(new LinkedHashMap<>(target.getAll()));
            if (property.getDescription() != null) {
                copy.setDescription(property.getDescription());
            }
            // A list of its own: the named schema itself stays non-null wherever else it is used.
            List<Schema.SchemaType> type = new ArrayList<>(target.getType() == null || target.getType().isEmpty()
                    ? List.of(Schema.SchemaType.OBJECT) : target.getType());
            type.add(Schema.SchemaType.NULL);
            copy.setType(type);
            return copy;
        });
        schema.setProperties(properties);
    }

    /** SmallRye models such a property as {@code anyOf: [{$ref}, {type: null}]}; the named schema, or null. */
    private static Schema nullableReferenceTarget(Schema property, Map<String, Schema> components) {
        List<Schema> anyOf = property.getAnyOf();
        if (anyOf == null || anyOf.size() != 2) {
            return null;
        }
        String ref = null;
        boolean nullAllowed = false;
        for (Schema option : anyOf) {
            if (option.getRef() != null) {
                ref = option.getRef();
            } else if (List.of(Schema.SchemaType.NULL).equals(option.getType())) {
                nullAllowed = true;
            }
        }
        return ref != null && nullAllowed && ref.startsWith(COMPONENTS)
                ? components.get(ref.substring(COMPONENTS.length())) : null;
    }
}
