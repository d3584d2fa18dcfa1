package org.doorstep.testkit;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Body;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.RestAssured;
import io.restassured.authentication.AuthenticationScheme;
import io.restassured.authentication.OAuth2Scheme;
import io.restassured.authentication.OAuthSignature;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every REST Assured exchange with a service's API is checked against that service's own OpenAPI document
 * ({@code /q/openapi}, fetched once from the address the request went to): the request, unless it is sent invalid on
 * purpose, and always the response (status, content type, body). A drift between what a service does and what its
 * document says fails the test that met it. Quarkus tests get it by themselves ({@link OpenApiValidationCallback});
 * pages and Quarkus' own endpoints are not part of the document and are not checked.
 */
public final class OpenApiValidation implements Filter {

    /** The one filter, in {@link RestAssured#filters()} once {@link #install()} ran. */
    public static final OpenApiValidation FILTER = new OpenApiValidation();

    /** Marks a request that breaks the document on purpose: no-op, only looked for by {@link #FILTER}. */
    private static final Filter INVALID_ON_PURPOSE = new Filter() {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                               FilterContext ctx) {
            return ctx.next(request, response);
        }

        @Override
        public String toString() {
            return "sent invalid on purpose";
        }
    };

    private static final String REQUEST_MESSAGES = "validation.request.";
    private static final String AUTHORIZATION = "Authorization";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One validator per service address (host and port): the document is read and parsed once. */
    private final Map<String, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();

    private OpenApiValidation() {
    }

    /** Adds {@link #FILTER} to REST Assured's global filters, once (REST Assured's reset takes it away again). */
    public static synchronized void install() {
        if (!RestAssured.filters().contains(FILTER)) {
            RestAssured.filters(FILTER);
        }
    }

    /**
     * A request that breaks the document on purpose (bad input, no token, an unknown id of the wrong form): its answer
     * is still checked against the document, the request itself is not.
     */
    public static RequestSpecification invalidOnPurpose(RequestSpecification request) {
        return request.filter(INVALID_ON_PURPOSE);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                           FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        String path = request.getDerivedPath();
        // A CORS preflight is the browser's question to the HTTP layer, not an operation of the document.
        boolean api = path.equals("/api") || path.startsWith("/api/");
        if (!api || request.getMethod().equalsIgnoreCase("OPTIONS")) {
            return response;
        }
        boolean onPurpose = request.getDefinedFilters().contains(INVALID_ON_PURPOSE);
        OpenApiInteractionValidator validator = validators.computeIfAbsent(serviceOf(request.getURI()),
                OpenApiValidation::load);
        ValidationReport report = onPurpose
                ? validator.validateResponse(path, Request.Method.valueOf(request.getMethod().toUpperCase(Locale.ROOT)),
                RestAssuredResponse.of(response))
                : validator.validate(withBearer(RestAssuredRequest.of(request), request.getAuthenticationScheme()),
                RestAssuredResponse.of(response));
        List<ValidationReport.Message> errors = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !(onPurpose && m.getKey().startsWith(REQUEST_MESSAGES)))
                .toList();
        if (!errors.isEmpty()) {
            String body = response.asString();
            throw new AssertionError(request.getMethod() + " " + path + " answered " + response.statusCode()
                    + (onPurpose ? " (request sent invalid on purpose)" : "")
                    + ", which the service's OpenAPI document does not allow:\n"
                    + SimpleValidationReportFormat.getInstance().apply(ValidationReport.from(errors))
                    + "\nresponse body: " + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body));
        }
        return response;
    }

    /**
     * REST Assured writes the header of {@code auth().oauth2(token)} after the filters have seen the request: the
     * request as the service received it has it, so the check gets it too.
     */
    private static Request withBearer(Request request, AuthenticationScheme scheme) {
        String token = scheme instanceof PreemptiveOAuth2HeaderScheme preemptive ? preemptive.getAccessToken()
                : scheme instanceof OAuth2Scheme oauth2 && oauth2.getSignature() == OAuthSignature.HEADER
                ? oauth2.getAccessToken() : null;
        if (token == null || request.getHeaderValue(AUTHORIZATION).isPresent()) {
            return request;
        }
        Map<String, Collection<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.getHeaders());
        headers.put(AUTHORIZATION, List.of("Bearer " + token));
        return new Request() {
            @Override
            public String getPath() {
                return request.getPath();
            }

            @Override
            public Method getMethod() {
                return request.getMethod();
            }

            @Override
            public Optional<String> getBody() {
                return request.getBody();
            }

            @Override
            public Optional<Body> getRequestBody() {
                return request.getRequestBody();
            }

            @Override
            public Collection<String> getQueryParameters() {
                return request.getQueryParameters();
            }

            @Override
            public Collection<String> getQueryParameterValues(String name) {
                return request.getQueryParameterValues(name);
            }

            @Override
            public Map<String, Collection<String>> getHeaders() {
                return headers;
            }

            @Override
            public Collection<String> getHeaderValues(String name) {
                return headers.getOrDefault(name, List.of());
            }

            @Override
            public Optional<String> getContentType() {
                return request.getContentType();
            }
        };
    }

    /** scheme://host:port of the request, where the service also serves its document. */
    private static String serviceOf(String requestUri) {
        URI uri = URI.create(requestUri);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static OpenApiInteractionValidator load(String service) {
        String document;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(service + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(service + "/q/openapi answered " + answer.statusCode());
            }
            document = answer.body();
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the OpenAPI document of " + service + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the OpenAPI document of " + service, e);
        }
        return OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
    }
}
