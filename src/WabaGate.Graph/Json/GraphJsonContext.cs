using System.Text.Json.Serialization;
using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Graph.Media;
using WabaGate.Graph.Messages;
using WabaGate.Graph.Onboarding;
using WabaGate.Graph.Signatures;
using WabaGate.Graph.Templates;
using WabaGate.Graph.Webhooks;

namespace WabaGate.Graph.Json;

/// <summary>
/// Source-generated JSON metadata for every Graph request, response and webhook type: snake_case like Meta,
/// nulls omitted, numbers also read from strings. Public so the server and the simulator serialize the same shapes.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(GraphErrorEnvelope))]
[JsonSerializable(typeof(GraphSuccess))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(SendMessageResponse))]
[JsonSerializable(typeof(MarkReadRequest))]
[JsonSerializable(typeof(OAuthToken))]
[JsonSerializable(typeof(DebugTokenResponse))]
[JsonSerializable(typeof(PhoneNumber))]
[JsonSerializable(typeof(GraphPage<PhoneNumber>), TypeInfoPropertyName = "GraphPagePhoneNumber")]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(PinChangeRequest))]
[JsonSerializable(typeof(SubscribeAppRequest))]
[JsonSerializable(typeof(GraphPage<SubscribedApp>), TypeInfoPropertyName = "GraphPageSubscribedApp")]
[JsonSerializable(typeof(GraphPage<BusinessProfile>), TypeInfoPropertyName = "GraphPageBusinessProfile")]
[JsonSerializable(typeof(BusinessProfileUpdate))]
[JsonSerializable(typeof(MediaUploadResponse))]
[JsonSerializable(typeof(MediaInfo))]
[JsonSerializable(typeof(GraphPage<MessageTemplate>), TypeInfoPropertyName = "GraphPageMessageTemplate")]
[JsonSerializable(typeof(CreateTemplateRequest))]
[JsonSerializable(typeof(CreateTemplateResponse))]
[JsonSerializable(typeof(SignedRequestPayload))]
[JsonSerializable(typeof(MessagesValue))]
[JsonSerializable(typeof(TemplateStatusUpdate))]
[JsonSerializable(typeof(TemplateQualityUpdate))]
[JsonSerializable(typeof(TemplateComponentsUpdate))]
[JsonSerializable(typeof(TemplateCategoryUpdate))]
[JsonSerializable(typeof(PhoneNumberQualityUpdate))]
[JsonSerializable(typeof(PhoneNumberNameUpdate))]
[JsonSerializable(typeof(AccountUpdate))]
[JsonSerializable(typeof(AccountReviewUpdate))]
[JsonSerializable(typeof(BusinessCapabilityUpdate))]
[JsonSerializable(typeof(SecurityUpdate))]
[JsonSerializable(typeof(UserPreferencesValue))]
[JsonSerializable(typeof(MessageEchoesValue))]
[JsonSerializable(typeof(HistoryValue))]
[JsonSerializable(typeof(SmbAppStateSyncValue))]
public sealed partial class GraphJsonContext : JsonSerializerContext;
