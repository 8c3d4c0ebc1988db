using System.Text;
using WabaGate.Graph.Tests.Infrastructure;
using WabaGate.Graph.Webhooks;

namespace WabaGate.Graph.Tests.Webhooks;

public sealed class WebhookParserEventTests
{
    private static T Value<T>(string fixture, string field)
        where T : WebhookChangeValue
    {
        var change = Assert.Single(Assert.Single(WebhookParser.Parse(Fixtures.Webhook(fixture)).Entries).Changes);
        Assert.Equal(field, change.Field);
        Assert.Null(change.ParseError);
        return Assert.IsType<T>(change.Value);
    }

    public static TheoryData<string> AllFixtures => new(Fixtures.AllWebhookNames().Where(n => n != "malformed"));

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Every_fixture_parses_and_keeps_its_raw_value(string fixture)
    {
        var delivery = WebhookParser.Parse(Fixtures.Webhook(fixture));
        Assert.Equal("whatsapp_business_account", delivery.ObjectType);
        Assert.NotEmpty(delivery.Entries);
        foreach (var (_, change) in delivery.AllChanges)
        {
            Assert.Null(change.ParseError);
            Assert.Equal(System.Text.Json.JsonValueKind.Object, change.RawValue.ValueKind);
            Assert.Equal(fixture is "unknown_field" || change.Field == "future_field", !change.IsKnown);
        }
    }

    [Fact]
    public void Status_sent_with_conversation_and_pricing()
    {
        var s = Assert.Single(Value<MessagesValue>("status_sent_pricing", "messages").Statuses!);
        Assert.Equal("sent", s.Status);
        Assert.Equal("16505551234", s.RecipientId);
        Assert.Equal("order-42", s.BizOpaqueCallbackData);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1750030073), s.Time);
        Assert.Equal("72b14d6bd5407799e66f64d1b338e567", s.Conversation?.Id);
        Assert.Equal("1750116480", s.Conversation?.ExpirationTimestamp);
        Assert.Equal("marketing", s.Conversation?.Origin?.Type);
        Assert.Equal(true, s.Pricing?.Billable);
        Assert.Equal("PMP", s.Pricing?.PricingModel);
        Assert.Equal("regular", s.Pricing?.Type);
        Assert.Equal("marketing", s.Pricing?.Category);
    }

    [Fact]
    public void Delivered_read_and_played_statuses()
    {
        var statuses = Value<MessagesValue>("status_delivered_read_played", "messages").Statuses!;
        Assert.Equal(["delivered", "read", "played"], statuses.Select(s => s.Status));
        Assert.Equal("free_customer_service", statuses[0].Pricing?.Type);
        Assert.Null(statuses[1].Pricing);
    }

    [Fact]
    public void Failed_status_with_errors()
    {
        var s = Assert.Single(Value<MessagesValue>("status_failed", "messages").Statuses!);
        Assert.True(s.IsFailed);
        var e = Assert.Single(s.Errors!);
        Assert.Equal(131050, e.Code);
        Assert.StartsWith("Unable to deliver the message.", e.Title, StringComparison.Ordinal);
        Assert.Equal("Marketing messages are stopped by the user.", e.ErrorData?.Details);
        Assert.StartsWith("https://developers.facebook.com/", e.Href, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_level_errors()
    {
        var v = Value<MessagesValue>("value_errors", "messages");
        Assert.Null(v.Messages);
        Assert.Null(v.Statuses);
        Assert.Equal(131042, Assert.Single(v.Errors!).Code);
    }

    [Fact]
    public void Template_status_rejected_and_paused()
    {
        var entry = Assert.Single(WebhookParser.Parse(Fixtures.Webhook("template_status_update")).Entries);
        Assert.Equal(1751247548, entry.Time);
        var r = Value<TemplateStatusUpdate>("template_status_update", "message_template_status_update");
        Assert.Equal("REJECTED", r.Event);
        Assert.Equal(1689556908129835, r.MessageTemplateId);
        Assert.Equal("abandoned_cart", r.MessageTemplateName);
        Assert.Equal("en", r.MessageTemplateLanguage);
        Assert.Equal("INVALID_FORMAT", r.Reason);
        Assert.Equal("MARKETING", r.MessageTemplateCategory);
        Assert.Equal("Separate parameters with descriptive text.", r.RejectionInfo?.Recommendation);

        var p = Value<TemplateStatusUpdate>("template_status_paused", "message_template_status_update");
        Assert.Equal("PAUSED", p.Event);
        Assert.Null(p.Reason);
        Assert.Equal("FIRST_PAUSE", p.OtherInfo?.Title);
    }

    [Fact]
    public void Template_quality_components_and_category_updates()
    {
        var q = Value<TemplateQualityUpdate>("template_quality_update", "message_template_quality_update");
        Assert.Equal(("GREEN", "YELLOW"), (q.PreviousQualityScore, q.NewQualityScore));
        Assert.Equal(806312974732579, q.MessageTemplateId);

        var c = Value<TemplateComponentsUpdate>("template_components_update", "message_template_components_update");
        Assert.Equal("Thanks {{1}}, your order {{2}} is confirmed.", c.MessageTemplateElement);
        Assert.Equal("Lucky Shrub", c.MessageTemplateFooter);
        Assert.Equal("+15550783881", c.MessageTemplateButtons![1].MessageTemplateButtonPhoneNumber);

        var done = Value<TemplateCategoryUpdate>("template_category_update", "template_category_update");
        Assert.Equal(("UTILITY", "MARKETING"), (done.PreviousCategory, done.NewCategory));
        var impending = Value<TemplateCategoryUpdate>("template_category_update_impending", "template_category_update");
        Assert.Equal("MARKETING", impending.CorrectCategory);
        Assert.Equal(1751851200, impending.CategoryUpdateTimestamp);
    }

    [Fact]
    public void Phone_number_events()
    {
        var q = Value<PhoneNumberQualityUpdate>("phone_number_quality_update", "phone_number_quality_update");
        Assert.Equal("THROUGHPUT_UPGRADE", q.Event);
        Assert.Equal("TIER_UNLIMITED", q.CurrentLimit);
        Assert.Equal("TIER_2K", q.OldLimit);
        Assert.Equal("TIER_UNLIMITED", q.MaxDailyConversationsPerBusiness);

        var n = Value<PhoneNumberNameUpdate>("phone_number_name_update", "phone_number_name_update");
        Assert.Equal("REJECTED", n.Decision);
        Assert.Equal("Lucky Shrub", n.RequestedVerifiedName);
        Assert.Equal("NAME_FORMAT_UNACCEPTABLE", n.RejectionReason);

        var s = Value<SecurityUpdate>("security", "security");
        Assert.Equal("PIN_CHANGED", s.Event);
        Assert.Equal("15550783881", s.DisplayPhoneNumber);
    }

    [Fact]
    public void Account_events()
    {
        var delivery = WebhookParser.Parse(Fixtures.Webhook("account_update_partner_added"));
        Assert.Equal("2949482758682047", delivery.Entries[0].Id);
        var partner = Value<AccountUpdate>("account_update_partner_added", "account_update");
        Assert.Equal("PARTNER_ADDED", partner.Event);
        Assert.Equal("980198427658004", partner.WabaInfo?.WabaId);
        Assert.Equal("2329417887457253", partner.WabaInfo?.OwnerBusinessId);
        Assert.Equal(2, partner.WabaInfo?.SolutionPartnerBusinessIds?.Count);

        var ban = Value<AccountUpdate>("account_update_ban", "account_update");
        Assert.Equal("SCHEDULE_FOR_DISABLE", ban.BanInfo?.WabaBanState);
        var restriction = Value<AccountUpdate>("account_update_restriction", "account_update");
        Assert.Equal(1755000000, restriction.RestrictionInfo![0].Expiration);
        Assert.Equal("16505551111", Value<AccountUpdate>("account_update_verified_account", "account_update").PhoneNumber);

        Assert.Equal("APPROVED", Value<AccountReviewUpdate>("account_review_update", "account_review_update").Decision);
        var cap = Value<BusinessCapabilityUpdate>("business_capability_update", "business_capability_update");
        Assert.Equal("2000", cap.MaxDailyConversationsPerBusiness);
        Assert.Equal(25, cap.MaxPhoneNumbersPerWaba);
    }

    [Fact]
    public void User_preferences_echoes_history_and_state_sync()
    {
        var prefs = Value<UserPreferencesValue>("user_preferences", "user_preferences");
        var pref = Assert.Single(prefs.UserPreferences!);
        Assert.Equal(("marketing_messages", "stop"), (pref.Category, pref.Value));
        Assert.Equal(1731705721, pref.Timestamp);
        Assert.Equal("16505551234", prefs.Contacts![0].WaId);

        var echo = Assert.Single(Value<MessageEchoesValue>("smb_message_echoes", "smb_message_echoes").MessageEchoes!);
        Assert.Equal("16505551234", echo.To);
        Assert.Equal("Sent from the app", echo.Text?.Body);

        var history = Value<HistoryValue>("history", "history");
        Assert.Equal(System.Text.Json.JsonValueKind.Array, history.History?.ValueKind);
        var sync = Value<SmbAppStateSyncValue>("smb_app_state_sync", "smb_app_state_sync");
        Assert.Equal("contact", sync.StateSync?[0].GetProperty("type").GetString());
    }

    [Fact]
    public void Unknown_field_is_an_unknown_change_with_its_raw_json()
    {
        var change = Assert.Single(WebhookParser.Parse(Fixtures.Webhook("unknown_field")).Entries[0].Changes);
        Assert.Equal("calls", change.Field);
        Assert.False(change.IsKnown);
        var unknown = Assert.IsType<UnknownChangeValue>(change.Value);
        Assert.Equal("wacid.ABC", unknown.Raw.GetProperty("calls")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Batch_keeps_every_entry_change_message_and_status_in_order()
    {
        var delivery = WebhookParser.Parse(Fixtures.Webhook("batch"));

        Assert.Equal(3, delivery.Entries.Count);
        Assert.Equal(["messages", "messages", "message_template_status_update", "future_field", "messages"], delivery.AllChanges.Select(c => c.Change.Field));
        var first = (MessagesValue)delivery.Entries[0].Changes[0].Value;
        Assert.Equal(["first", "second", null], first.Messages!.Select(m => m.Text?.Body));
        Assert.Equal(2, ((MessagesValue)delivery.Entries[0].Changes[1].Value).Statuses!.Count);
        Assert.Equal(1751247548, delivery.Entries[1].Time);
        Assert.IsType<UnknownChangeValue>(delivery.Entries[1].Changes[1].Value);
        Assert.Equal("999", ((MessagesValue)delivery.Entries[2].Changes[0].Value).Metadata?.PhoneNumberId);
    }

    [Fact]
    public void A_thousand_statuses_parse_fully()
    {
        var body = new StringBuilder("""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"2"},"statuses":[""");
        for (var i = 0; i < 1000; i++)
        {
            body.Append(i == 0 ? "" : ",")
                .Append($$$"""{"id":"wamid.{{{i}}}","status":"{{{(i % 3 == 0 ? "delivered" : "read")}}}","timestamp":"{{{1750000000 + i}}}","recipient_id":"5511{{{i:D8}}}","pricing":{"billable":true,"pricing_model":"PMP","type":"regular","category":"utility"}}""");
        }

        body.Append("]}}]}]}");
        var delivery = WebhookParser.Parse(Encoding.UTF8.GetBytes(body.ToString()));

        var statuses = ((MessagesValue)delivery.Entries[0].Changes[0].Value).Statuses!;
        Assert.Equal(1000, statuses.Count);
        Assert.Equal("wamid.999", statuses[999].Id);
        Assert.Equal("551100000999", statuses[999].RecipientId);
        Assert.All(statuses, s => Assert.Equal("PMP", s.Pricing?.PricingModel));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"object":"whatsapp_business_account","entry":{}}""")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[]} trailing""")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[42]}""")]
    public void Malformed_bodies_raise_a_clear_error(string body)
    {
        var ex = Assert.Throws<WebhookParseException>(() => WebhookParser.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.False(WebhookParser.TryParse(Encoding.UTF8.GetBytes(body), out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Truncated_fixture_is_malformed()
    {
        var ex = Assert.Throws<WebhookParseException>(() => WebhookParser.Parse(Fixtures.Webhook("malformed")));
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_field_with_an_unreadable_value_degrades_to_unknown_instead_of_failing()
    {
        var delivery = WebhookParser.Parse("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[
              {"field":"messages","value":{"messages":"should be an array"}},
              {"field":"account_review_update","value":"not an object"},
              {"field":"account_review_update","value":{"decision":"APPROVED"}}]}]}
            """);

        var changes = delivery.Entries[0].Changes;
        Assert.IsType<UnknownChangeValue>(changes[0].Value);
        Assert.NotNull(changes[0].ParseError);
        Assert.IsType<UnknownChangeValue>(changes[1].Value);
        Assert.Equal("APPROVED", Assert.IsType<AccountReviewUpdate>(changes[2].Value).Decision);
    }

    [Fact]
    public void Numbers_where_strings_are_expected_are_tolerated()
    {
        var delivery = WebhookParser.Parse("""
            {"object":"whatsapp_business_account","entry":[{"id":102290129340398,"time":"1751247548","changes":[
              {"field":"messages","value":{"metadata":{"display_phone_number":15550783881,"phone_number_id":106540352242922},
               "messages":[{"from":16505551234,"id":"wamid.N","timestamp":1749416383,"type":"text","text":{"body":"hi"}}]}}]}]}
            """);

        Assert.Equal("102290129340398", delivery.Entries[0].Id);
        Assert.Equal(1751247548, delivery.Entries[0].Time);
        var v = (MessagesValue)delivery.Entries[0].Changes[0].Value;
        Assert.Equal("106540352242922", v.Metadata?.PhoneNumberId);
        Assert.Equal("1749416383", v.Messages![0].Timestamp);
        Assert.Equal("16505551234", v.Messages[0].From);
    }
}
