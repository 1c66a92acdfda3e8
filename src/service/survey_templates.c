/* SPDX-License-Identifier: MIT */
/* The built-in survey templates, written for Manyi (not copied from anywhere): SERVQUAL with
 * expectation and perception items for the five dimensions, the 7-day sales and 3-day
 * after-service follow-ups, the restaurant table card and the NPS relationship survey. Every
 * text is given in zh-CN, zh-TW and en. */
#include <string.h>

#include "service/survey.h"

static json_t *tx(const char *cn, const char *tw, const char *en)
{
    return json_pack("{s:s, s:s, s:s}", "zh-CN", cn, "zh-TW", tw, "en", en);
}

static json_t *q_base(int id, const char *type, bool required, json_t *text)
{
    return json_pack("{s:i, s:s, s:b, s:o}", "id", id, "type", type, "required", required,
                     "text", text);
}

static json_t *q_nps(int id, json_t *text)
{
    json_t *q = q_base(id, "nps", true, text);
    json_object_set_new(q, "labels", json_pack("{s:o, s:o}",
        "min", tx("完全不可能", "完全不可能", "Not at all likely"),
        "max", tx("非常可能", "非常可能", "Extremely likely")));
    json_object_set_new(q, "indicator", json_string("nps"));
    return q;
}

static json_t *q_rating(int id, int max, json_t *text, const char *dim, const char *touchpoint)
{
    json_t *q = q_base(id, "rating", true, text);
    json_object_set_new(q, "scale", json_pack("[i, i]", 1, max));
    json_object_set_new(q, "labels", json_pack("{s:o, s:o}",
        "min", tx("非常不满意", "非常不滿意", "Very dissatisfied"),
        "max", tx("非常满意", "非常滿意", "Very satisfied")));
    if (dim != NULL)
        json_object_set_new(q, "dimension", json_string(dim));
    if (touchpoint != NULL)
        json_object_set_new(q, "touchpoint", json_string(touchpoint));
    json_object_set_new(q, "indicator", json_string("csat"));
    return q;
}

static json_t *q_text(int id, bool required, json_t *text)
{
    json_t *q = q_base(id, "text", required, text);
    json_object_set_new(q, "max_chars", json_integer(500));
    return q;
}

static json_t *show_if(json_t *q, int question, const char *op, int value)
{
    json_object_set_new(q, "show_if",
                        json_pack("{s:i, s:s, s:i}", "question", question, "op", op, "value",
                                  value));
    return q;
}

static json_t *survey(json_t *title, json_t *intro, json_t *questions, double dim_threshold)
{
    return json_pack("{s:o, s:o, s:[s,s,s], s:o, s:{s:b, s:f}, s:i}",
                     "title", title, "intro", intro, "languages", "zh-CN", "zh-TW", "en",
                     "questions", questions, "alert", "nps_detractor", 1, "dim_threshold",
                     dim_threshold, "commitment_days", 3);
}

static json_t *what_went_wrong(int id, int nps_id)
{
    return show_if(q_text(id, true, tx("很抱歉让您失望了。请告诉我们哪里做得不好?",
                                       "很抱歉讓您失望了。請告訴我們哪裡做得不好?",
                                       "We are sorry. What went wrong?")),
                   nps_id, "le", 6);
}

/* SERVQUAL: ten items, two per dimension, asked first as expectations (E) of an excellent
 * dealer, then as perceptions (P) of this one, on 1-7. */
static json_t *tpl_servqual(void)
{
    static const struct { const char *dim, *cn, *tw, *en; } items[] = {
        {"reliability", "按约定的时间完成服务", "按約定的時間完成服務",
         "Finishes the work at the time promised"},
        {"reliability", "第一次就把事情做好", "第一次就把事情做好", "Gets it right the first time"},
        {"assurance", "员工的专业知识能解答我的问题", "員工的專業知識能解答我的問題",
         "Staff know enough to answer my questions"},
        {"assurance", "员工的言行让我放心", "員工的言行讓我放心",
         "Staff behave in a way that gives me confidence"},
        {"tangibles", "店面环境整洁舒适", "店面環境整潔舒適", "The premises are clean and comfortable"},
        {"tangibles", "设备与工具现代、完好", "設備與工具現代、完好",
         "Equipment and tools are modern and in good order"},
        {"empathy", "员工关注我的个别需求", "員工關注我的個別需求",
         "Staff pay attention to my particular needs"},
        {"empathy", "营业时间方便我", "營業時間方便我", "Opening hours suit me"},
        {"responsiveness", "员工及时回应我的请求", "員工及時回應我的請求",
         "Staff respond to my requests promptly"},
        {"responsiveness", "员工乐于帮忙、不嫌麻烦", "員工樂於幫忙、不嫌麻煩",
         "Staff are always willing to help"},
    };
    json_t *e_rows = json_array(), *p_rows = json_array();
    for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
        json_array_append_new(e_rows, json_pack("{s:o, s:s, s:s, s:i}",
            "text", tx(items[i].cn, items[i].tw, items[i].en), "dimension", items[i].dim,
            "role", "E", "pair", (int)i + 1));
        json_array_append_new(p_rows, json_pack("{s:o, s:s, s:s, s:i}",
            "text", tx(items[i].cn, items[i].tw, items[i].en), "dimension", items[i].dim,
            "role", "P", "pair", (int)i + 1));
    }
    json_t *labels = json_pack("{s:o, s:o}", "min", tx("完全不同意", "完全不同意",
                                                        "Strongly disagree"),
                               "max", tx("完全同意", "完全同意", "Strongly agree"));
    json_t *e = json_pack("{s:i, s:s, s:b, s:o, s:[i,i], s:o, s:o}", "id", 1, "type", "matrix",
        "required", 1, "text", tx("一家优秀的汽车服务企业应当做到:", "一家優秀的汽車服務企業應當做到:",
                                  "An excellent car service company should:"),
        "scale", 1, 7, "labels", json_deep_copy(labels), "rows", e_rows);
    json_t *p = json_pack("{s:i, s:s, s:b, s:o, s:[i,i], s:o, s:o}", "id", 2, "type", "matrix",
        "required", 1, "text", tx("我们这家店实际做到了:", "我們這家店實際做到了:",
                                  "Our store actually:"),
        "scale", 1, 7, "labels", labels, "rows", p_rows);
    /* importance: the respondent shares 100 points among the five dimensions; the figures then
     * weigh the gaps by the average allocation instead of the configured weights below */
    json_t *imp = q_base(4, "points", true,
        tx("以下五个方面对您有多重要?请把100分分配给它们,越重要分越多。",
           "以下五個方面對您有多重要?請把100分分配給它們,越重要分越多。",
           "How important is each of these to you? Share 100 points among them: the more "
           "important, the more points."));
    json_object_set_new(imp, "dimension_texts", json_pack("{s:o, s:o, s:o, s:o, s:o}",
        "reliability", tx("信赖度:可靠、准确地兑现承诺", "信賴度:可靠、準確地兌現承諾",
                          "Reliability: doing what was promised, dependably and accurately"),
        "assurance", tx("专业度:员工的专业知识与礼貌让人放心", "專業度:員工的專業知識與禮貌讓人放心",
                        "Assurance: staff knowledge and courtesy that inspire confidence"),
        "tangibles", tx("有形度:店面、设备与员工的仪表", "有形度:店面、設備與員工的儀表",
                        "Tangibles: premises, equipment and the staff's appearance"),
        "empathy", tx("同理度:关心、体贴每位客户", "同理度:關心、體貼每位客戶",
                      "Empathy: caring, individual attention"),
        "responsiveness", tx("反应度:乐于帮忙、及时服务", "反應度:樂於幫忙、及時服務",
                             "Responsiveness: willing to help and prompt service")));
    json_t *qs = json_pack("[o, o, o, o]", e, p, imp,
        q_text(3, false, tx("还有什么想对我们说的?", "還有什麼想對我們說的?",
                            "Anything else you would like to tell us?")));
    json_t *s = survey(tx("服务质量评价(SERVQUAL)", "服務品質評價(SERVQUAL)",
                          "Service quality survey (SERVQUAL)"),
                       tx("请先告诉我们您的期望,再评价我们的实际表现。",
                          "請先告訴我們您的期望,再評價我們的實際表現。",
                          "First tell us what you expect, then how we did."),
                       qs, 3.0);
    json_object_set_new(s, "weights", json_pack("{s:i, s:i, s:i, s:i, s:i}", "reliability", 30,
                                                "assurance", 20, "tangibles", 10, "empathy", 15,
                                                "responsiveness", 25));
    return s;
}

static json_t *tpl_sales_7day(void)
{
    json_t *qs = json_array();
    json_array_append_new(qs, q_nps(1, tx("您有多大可能向亲友推荐我们店购车?",
                                           "您有多大可能向親友推薦我們店購車?",
                                           "How likely are you to recommend us to a friend?")));
    json_array_append_new(qs, what_went_wrong(2, 1));
    json_array_append_new(qs, q_rating(3, 5, tx("销售顾问的专业程度", "銷售顧問的專業程度",
                                                "Your sales consultant's expertise"),
                                       "assurance", "sales_consultation"));
    json_array_append_new(qs, q_rating(4, 5, tx("交车时是否按约定准时、完整", "交車時是否按約定準時、完整",
                                                "Delivery on time and as agreed"),
                                       "reliability", "delivery"));
    json_array_append_new(qs, q_rating(5, 5, tx("展厅环境与车辆整洁程度", "展廳環境與車輛整潔程度",
                                                "Showroom and car cleanliness"),
                                       "tangibles", "showroom"));
    json_array_append_new(qs, q_rating(6, 5, tx("购车过程中我们对您问题的响应速度",
                                                "購車過程中我們對您問題的回應速度",
                                                "How fast we answered your questions"),
                                       "responsiveness", "sales_consultation"));
    json_array_append_new(qs, json_pack("{s:i, s:s, s:b, s:o}", "id", 7, "type", "yesno",
        "required", 1, "text", tx("销售顾问是否向您讲解了新车的使用与保养?",
                                  "銷售顧問是否向您講解了新車的使用與保養?",
                                  "Did the consultant explain how to use and service the car?")));
    json_array_append_new(qs, q_text(8, false, tx("您对我们还有什么建议?", "您對我們還有什麼建議?",
                                                  "Any suggestions for us?")));
    return survey(tx("新车销售七日回访", "新車銷售七日回訪", "7-day sales follow-up"),
                  tx("感谢您选择我们!耽误您一分钟,听听您购车的感受。",
                     "感謝您選擇我們!耽誤您一分鐘,聽聽您購車的感受。",
                     "Thank you for buying from us. One minute about your experience?"),
                  qs, 2.0);
}

static json_t *tpl_service_3day(void)
{
    json_t *qs = json_array();
    json_array_append_new(qs, q_nps(1, tx("您有多大可能向亲友推荐我们的售后服务?",
                                           "您有多大可能向親友推薦我們的售後服務?",
                                           "How likely are you to recommend our service?")));
    json_array_append_new(qs, what_went_wrong(2, 1));
    json_array_append_new(qs, q_rating(3, 5, tx("车辆是否按承诺时间交付", "車輛是否按承諾時間交付",
                                                "Car ready at the promised time"),
                                       "reliability", "workshop"));
    json_array_append_new(qs, q_rating(4, 5, tx("维修质量(一次修好)", "維修品質(一次修好)",
                                                "Repair quality (fixed first time)"),
                                       "reliability", "workshop"));
    json_array_append_new(qs, q_rating(5, 5, tx("服务顾问对项目和费用的解释", "服務顧問對項目和費用的解釋",
                                                "How the advisor explained work and costs"),
                                       "assurance", "reception"));
    json_array_append_new(qs, q_rating(6, 5, tx("休息区环境", "休息區環境", "The waiting lounge"),
                                       "tangibles", "lounge"));
    json_array_append_new(qs, q_rating(7, 5, tx("接待与响应速度", "接待與回應速度",
                                                "Speed of reception and response"),
                                       "responsiveness", "reception"));
    json_array_append_new(qs, json_pack("{s:i, s:s, s:b, s:o}", "id", 8, "type", "yesno",
        "required", 1, "text", tx("您的问题是否已经彻底解决?", "您的問題是否已經徹底解決?",
                                  "Is your problem completely solved?")));
    json_array_append_new(qs, json_pack("{s:i, s:s, s:b, s:o, s:[o,o,o], s:i, s:i}", "id", 9,
        "type", "single", "required", 0,
        "text", tx("下次保养您打算去哪里?", "下次保養您打算去哪裡?",
                   "Where will you have your next service?"),
        "options", json_pack("{s:o}", "text", tx("还来我们店", "還來我們店", "Here again")),
        json_pack("{s:o}", "text", tx("还没想好", "還沒想好", "Not decided")),
        json_pack("{s:o}", "text", tx("其他(请说明)", "其他(請說明)", "Elsewhere (please say)")),
        "other_option", 2, "max_chars", 200));
    return survey(tx("售后服务三日回访", "售後服務三日回訪", "3-day after-service follow-up"),
                  tx("感谢您来店保养维修,请花一分钟评价本次服务。",
                     "感謝您來店保養維修,請花一分鐘評價本次服務。",
                     "Thank you for your visit. Please rate our service."),
                  qs, 2.0);
}

static json_t *tpl_table_card(void)
{
    json_t *qs = json_array();
    json_array_append_new(qs, q_rating(1, 5, tx("菜品口味", "菜品口味", "Taste"), NULL, "kitchen"));
    json_array_append_new(qs, q_rating(2, 5, tx("用餐环境", "用餐環境", "Environment"),
                                       "tangibles", "dining_room"));
    json_array_append_new(qs, q_rating(3, 5, tx("服务态度", "服務態度", "Service"), "empathy",
                                       "dining_room"));
    json_array_append_new(qs, q_rating(4, 5, tx("价格是否合理", "價格是否合理", "Value for money"),
                                       NULL, "cashier"));
    json_array_append_new(qs, show_if(q_text(5, false, tx("哪里让您不满意?", "哪裡讓您不滿意?",
                                                          "What disappointed you?")),
                                      3, "le", 2));
    json_array_append_new(qs, q_text(6, false, tx("您的建议", "您的建議", "Your suggestions")));
    return survey(tx("餐厅桌卡意见", "餐廳桌卡意見", "Restaurant table card"),
                  tx("您的意见让我们做得更好。", "您的意見讓我們做得更好。",
                     "Your opinion helps us do better."),
                  qs, 2.0);
}

static json_t *tpl_nps_relationship(void)
{
    json_t *qs = json_array();
    json_array_append_new(qs, q_nps(1, tx("您有多大可能向朋友或同事推荐我们?",
                                           "您有多大可能向朋友或同事推薦我們?",
                                           "How likely are you to recommend us to a friend or "
                                           "colleague?")));
    json_array_append_new(qs, what_went_wrong(2, 1));
    json_array_append_new(qs, show_if(q_text(3, false, tx("您最喜欢我们哪一点?", "您最喜歡我們哪一點?",
                                                          "What do you like most about us?")),
                                      1, "ge", 9));
    json_array_append_new(qs, json_pack("{s:i, s:s, s:b, s:o, s:[o,o,o,o], s:i, s:i, s:i, s:i}",
        "id", 4, "type", "multi", "required", 0,
        "text", tx("哪些方面最需要改进?", "哪些方面最需要改進?", "What should we improve most?"),
        "options", json_pack("{s:o}", "text", tx("价格", "價格", "Price")),
        json_pack("{s:o}", "text", tx("等待时间", "等待時間", "Waiting time")),
        json_pack("{s:o}", "text", tx("服务态度", "服務態度", "Attitude")),
        json_pack("{s:o}", "text", tx("其他(请说明)", "其他(請說明)", "Other (please say)")),
        "other_option", 3, "max_chars", 200, "min_choices", 0, "max_choices", 3));
    return survey(tx("客户关系NPS调查", "客戶關係NPS調查", "NPS relationship survey"),
                  tx("只需30秒。", "只需30秒。", "It takes 30 seconds."), qs, 2.0);
}

static const struct {
    const char *name;
    json_t *(*build)(void);
} templates[] = {
    {"servqual", tpl_servqual},
    {"sales_7day", tpl_sales_7day},
    {"service_3day", tpl_service_3day},
    {"table_card", tpl_table_card},
    {"nps_relationship", tpl_nps_relationship},
};

json_t *survey_template(const char *name)
{
    for (size_t i = 0; name != NULL && i < sizeof templates / sizeof *templates; i++)
        if (strcmp(templates[i].name, name) == 0)
            return templates[i].build();
    return NULL;
}

json_t *survey_template_list(void)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < sizeof templates / sizeof *templates; i++) {
        json_t *def = templates[i].build();
        json_array_append_new(arr, json_pack("{s:s, s:O}", "name", templates[i].name, "title",
                                             json_object_get(def, "title")));
        json_decref(def);
    }
    return arr;
}
