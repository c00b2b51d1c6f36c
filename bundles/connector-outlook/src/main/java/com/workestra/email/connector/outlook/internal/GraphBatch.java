package com.workestra.email.connector.outlook.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.NativeResponseHandler;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.ResponseHeaders;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import com.workestra.email.spi.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One JSON {@code $batch} round trip through graph-core's {@link BatchRequestContent}: the batch's own failure
 * (throttling, auth) surfaces as a {@link ProviderException}; the steps' answers are read from the result.
 */
final class GraphBatch implements AutoCloseable {

    /** Graph's largest number of steps in one batch. */
    static final int MAX_STEPS = 20;

    private final GraphServiceClient graph;
    private final GraphErrors errors;
    private final BatchRequestContent content;
    private Response response;
    private BatchResponseContent answers;
    private Map<String, Integer> statuses = Map.of();

    GraphBatch(GraphServiceClient graph, GraphErrors errors) {
        this.graph = graph;
        this.errors = errors;
        this.content = new BatchRequestContent(graph);
    }

    /** Adds a step and returns its id. */
    String add(RequestInformation step) {
        return content.addBatchRequestStep(step);
    }

    int size() {
        return content.getBatchRequestSteps().size();
    }

    /** Posts the batch; the batch itself failing (429, 401, 5xx, I/O) becomes a {@link ProviderException}. */
    void send(String action) throws ProviderException {
        NativeResponseHandler handler = new NativeResponseHandler();
        try {
            RequestInformation post = graph.getBatchRequestBuilder().toPostRequestInformation(content);
            post.setResponseHandler(handler);
            HashMap<String, ParsableFactory<? extends Parsable>> odataErrors = new HashMap<>();
            odataErrors.put("XXX", ODataError::createFromDiscriminatorValue);
            graph.getRequestAdapter().sendPrimitive(post, odataErrors, java.io.InputStream.class);
        } catch (IOException e) {
            throw errors.map(new UncheckedIOException(e), action);
        } catch (RuntimeException e) {
            throw errors.map(e, action);
        }
        response = (Response) handler.getValue();
        if (response == null) {
            throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED,
                    "Microsoft 365 gave no answer to a batch request while " + action + ".", null);
        }
        if (!response.isSuccessful()) {
            String body = bodyText(response.body());
            throw errors.mapStep(response.code(), errorCode(body), headers(response), action);
        }
        answers = new BatchResponseContent(response);
        statuses = answers.getResponsesStatusCode();
    }

    /** The status of a step, or 0 when the batch answer does not mention it. */
    int status(String stepId) {
        Integer s = statuses.get(stepId);
        return s == null ? 0 : s;
    }

    /** A step's JSON answer as a Graph model. */
    <T extends Parsable> T parsed(String stepId, ParsableFactory<T> factory) {
        return answers.getResponseById(stepId, factory);
    }

    /** A step's binary answer ({@code $value}), which Graph embeds base64-encoded in the JSON batch answer. */
    byte[] bytes(String stepId) throws ProviderException {
        try (Response step = answers.getResponseById(stepId)) {
            String text = bodyText(step == null ? null : step.body());
            String trimmed = text.trim();
            if (trimmed.startsWith("\"")) {
                return Base64.getDecoder().decode(JsonParser.parseString(trimmed).getAsString());
            }
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new ProviderException.Permanent(GraphErrors.REQUEST_REJECTED,
                    "Microsoft 365 returned message content the connector cannot read.", e);
        }
    }

    /** Maps a failed step. */
    ProviderException failure(String stepId, String action) {
        try (Response step = answers.getResponseById(stepId)) {
            String body = step == null ? "" : bodyText(step.body());
            return errors.mapStep(status(stepId), errorCode(body), step == null ? null : headers(step), action);
        }
    }

    private static ResponseHeaders headers(Response r) {
        ResponseHeaders h = new ResponseHeaders();
        for (String name : r.headers().names()) {
            List<String> values = r.headers(name);
            values.forEach(v -> h.add(name, v));
        }
        return h;
    }

    private static String bodyText(ResponseBody body) {
        if (body == null) {
            return "";
        }
        try {
            return body.string();
        } catch (IOException e) {
            return "";
        }
    }

    private static String errorCode(String body) {
        try {
            JsonElement root = JsonParser.parseString(body);
            if (root.isJsonObject() && root.getAsJsonObject().has("error")) {
                JsonElement error = root.getAsJsonObject().get("error");
                if (error.isJsonObject()) {
                    JsonObject e = error.getAsJsonObject();
                    return e.has("code") && e.get("code").isJsonPrimitive() ? e.get("code").getAsString() : null;
                }
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (response != null) {
            response.close();
        }
    }
}
