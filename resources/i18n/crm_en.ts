<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../crm/ui/app.py" line="136"/>
        <source>正在更新客户搜索索引（仅此一次）…</source>
        <translation>Updating the client search index (once only)…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/app.py" line="137"/>
        <source>客户经理工作台</source>
        <translation>RM Workbench</translation>
    </message>
</context>
<context>
    <name>ApprovalsScreen</name>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="733"/>
        <source>月度计划</source>
        <translation>Monthly Plans</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="734"/>
        <source>服务方案</source>
        <translation>Service Proposals</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="735"/>
        <source>拜访点评</source>
        <translation>Visit Reviews</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="736"/>
        <source>客户认领</source>
        <translation>Client Claims</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="737"/>
        <source>客户分配</source>
        <translation>Client Assignment</translation>
    </message>
</context>
<context>
    <name>AssignTab</name>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="626"/>
        <source>搜索客户：名称、拼音首字母、信用代码或电话尾号</source>
        <translation>Search clients: name, pinyin initials, credit code or last digits of a phone number</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="628"/>
        <source>仅显示客户池（待分配）</source>
        <translation>Only the client pool (unassigned)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="644"/>
        <source>分配给客户经理(&amp;K)：</source>
        <translation>Assign to R&amp;M:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="648"/>
        <source>分配所选客户(&amp;G)</source>
        <translation>Assi&amp;gn Selected Clients</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="674"/>
        <source>待分配 {0}</source>
        <translation>{0} unassigned</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="680"/>
        <source>共 {0} 个客户</source>
        <translation>Clients: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="689"/>
        <source>已选 {0} 个客户</source>
        <translation>Selected: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="690"/>
        <source>在列表中选择客户（可按 Ctrl/Shift 多选）</source>
        <translation>Select clients in the list (Ctrl/Shift to select several)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="698"/>
        <source>将所选 {0} 个客户分配给 {1}？</source>
        <translation>Assign the selected clients ({0}) to {1}?</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="699"/>
        <source>分配客户</source>
        <translation>Assign Clients</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="712"/>
        <source>无法分配客户</source>
        <translation>Cannot Assign Clients</translation>
    </message>
</context>
<context>
    <name>AttainmentBarChart</name>
    <message>
        <location filename="../../crm/ui/widgets/bar_chart.py" line="55"/>
        <source>指标完成率图</source>
        <extracomment>Below 100% but at least this close to plan: amber rather than red. The scale never shrinks below 0–150% (so 100% is not at the edge) nor grows past 300%.</extracomment>
        <translation>Indicator attainment chart</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/bar_chart.py" line="107"/>
        <source>本期暂无指标数据</source>
        <translation>No indicator data for this period</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/bar_chart.py" line="134"/>
        <source>无计划</source>
        <translation>No plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/bar_chart.py" line="151"/>
        <source>计划 100%</source>
        <translation>Plan 100%</translation>
    </message>
</context>
<context>
    <name>ClaimsTab</name>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="506"/>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="507"/>
        <source>认领人</source>
        <translation>Claimant</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="508"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="509"/>
        <source>竞争认领人</source>
        <translation>Competing claimants</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="510"/>
        <source>认领理由</source>
        <translation>Reason for claim</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="511"/>
        <source>认领时间</source>
        <translation>Claimed at</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="525"/>
        <source>批准认领(&amp;G)…</source>
        <translation>&amp;Grant Claim…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="527"/>
        <source>驳回(&amp;J)…</source>
        <translation>Re&amp;ject…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="534"/>
        <source>客户池中的客户被认领后需网点负责人确认；同一客户被多人认领（黄色）时，批准其中一人，其余认领自动驳回。</source>
        <translation>Claims on clients in the pool need the branch head&apos;s confirmation. When several RMs claim the same client (yellow), grant one claim and the others are rejected automatically.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="553"/>
        <source>，争议 {0}</source>
        <translation>, {0} contested</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="571"/>
        <source>没有待处理的客户认领</source>
        <translation>No client claims to handle</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="574"/>
        <source>争议认领</source>
        <translation>Contested claim</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="575"/>
        <source>{0} 同时被 {1} 与 {2} 认领，请选择其一。</source>
        <translation>{0} is claimed by both {1} and {2}; choose one.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="578"/>
        <source>{0} 申请认领 {1}。</source>
        <translation>{0} asks to take over {1}.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="587"/>
        <source>{0} 认领 {1}</source>
        <translation>{0} claims {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="589"/>
        <source>竞争认领人：{0}（批准后其认领将自动驳回）</source>
        <translation>Competing claimants: {0} (their claims are rejected automatically once this one is granted)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="591"/>
        <source>处理客户认领</source>
        <translation>Handle Client Claim</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="592"/>
        <source>批准认领(&amp;G)</source>
        <translation>&amp;Grant Claim</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="593"/>
        <source>驳回(&amp;J)</source>
        <translation>Re&amp;ject</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="594"/>
        <source>意见（驳回时必填）：</source>
        <translation>Comments (required when rejecting):</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="603"/>
        <source>无法处理认领</source>
        <translation>Cannot Handle the Claim</translation>
    </message>
</context>
<context>
    <name>ClientDetail</name>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="79"/>
        <source>客户类型</source>
        <translation>Client type</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="79"/>
        <location filename="../../crm/ui/screens/client_detail.py" line="135"/>
        <location filename="../../crm/ui/screens/client_detail.py" line="141"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="79"/>
        <source>层级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="80"/>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="80"/>
        <source>统一社会信用代码/身份证号</source>
        <translation>Credit code / ID number</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="81"/>
        <source>营销责任人</source>
        <translation>Responsible RM</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="81"/>
        <source>信用评级 / 风险等级</source>
        <translation>Credit rating / risk grade</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="82"/>
        <source>风险承受能力</source>
        <translation>Risk tolerance</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="82"/>
        <source>存款余额（万元）</source>
        <translation>Deposits (CNY 10k)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="83"/>
        <source>贷款余额（万元）</source>
        <translation>Loans (CNY 10k)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="83"/>
        <source>营销目标</source>
        <translation>Sales objective</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="84"/>
        <source>营销切入点</source>
        <translation>Sales entry point</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="84"/>
        <source>营销进度</source>
        <translation>Sales progress</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="85"/>
        <source>需要解决的问题</source>
        <translation>Open issues</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="93"/>
        <source>显示完整号码(&amp;M)…</source>
        <translation>Show Full Nu&amp;mber…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="100"/>
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="103"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="104"/>
        <source>职务</source>
        <translation>Job title</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="105"/>
        <source>电话（脱敏）</source>
        <translation>Phone (masked)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="106"/>
        <source>邮箱</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="108"/>
        <source>联系人</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="111"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="111"/>
        <source>账户</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="111"/>
        <source>存款</source>
        <translation>Deposit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="112"/>
        <source>贷款</source>
        <translation>Loan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="112"/>
        <source>理财</source>
        <translation>Wealth management</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="113"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="114"/>
        <source>账号（脱敏）</source>
        <translation>Account no. (masked)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="115"/>
        <source>金额（元）</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="116"/>
        <source>到期日</source>
        <translation>Maturity date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="117"/>
        <source>下次还款</source>
        <translation>Next repayment</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="118"/>
        <source>担保</source>
        <translation>Guarantee</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="121"/>
        <source>持有产品</source>
        <translation>Holdings</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="123"/>
        <location filename="../../crm/ui/screens/client_detail.py" line="145"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="123"/>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="124"/>
        <source>客户经理</source>
        <translation>RM</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="124"/>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="125"/>
        <source>达成</source>
        <translation>Goal met</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="126"/>
        <source>点评</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="128"/>
        <source>拜访记录</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="130"/>
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="130"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="131"/>
        <source>金额（万元）</source>
        <translation>Amount (CNY 10k)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="133"/>
        <source>产品营销</source>
        <translation>Product Pitches</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="135"/>
        <source>方案</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="136"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="138"/>
        <source>服务方案</source>
        <translation>Proposals</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="140"/>
        <source>受理时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="140"/>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="143"/>
        <source>投诉</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="145"/>
        <source>周期</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="146"/>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="146"/>
        <source>意见</source>
        <translation>Comments</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="148"/>
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="150"/>
        <source>打印拜访准备表(&amp;P)</source>
        <translation>&amp;Print visit prep sheet</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="153"/>
        <source>打印满意度调查表</source>
        <translation>Print survey form</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="171"/>
        <source>未选择客户</source>
        <translation>No client selected</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="207"/>
        <source>（未登记）</source>
        <translation>(not on file)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="210"/>
        <source>（待认领）</source>
        <translation>(unclaimed)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="213"/>
        <source>未评估</source>
        <translation>Not assessed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="224"/>
        <location filename="../../crm/ui/screens/client_detail.py" line="229"/>
        <source>身份验证</source>
        <translation>Verify Identity</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="224"/>
        <source>查看完整号码需再次输入密码（将记入审计）：</source>
        <translation>Re-enter your password to see the full number (audited):</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/client_detail.py" line="229"/>
        <source>密码不正确</source>
        <translation>Incorrect password</translation>
    </message>
</context>
<context>
    <name>ClientPicker</name>
    <message>
        <location filename="../../crm/ui/widgets/pickers.py" line="47"/>
        <source>输入客户名称、拼音首字母或代码</source>
        <translation>Type a client name, pinyin initials or code</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/pickers.py" line="110"/>
        <source>待认领</source>
        <translation>unclaimed</translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <location filename="../../crm/ui/models/client_table_model.py" line="151"/>
        <source>客户名称</source>
        <translation>Client name</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/client_table_model.py" line="151"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/client_table_model.py" line="151"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/client_table_model.py" line="151"/>
        <source>层级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/client_table_model.py" line="151"/>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/client_table_model.py" line="152"/>
        <source>客户经理</source>
        <translation>RM</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/client_table_model.py" line="152"/>
        <source>证件号（脱敏）</source>
        <translation>ID no. (masked)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/client_table_model.py" line="152"/>
        <source>存款（万元）</source>
        <translation>Deposits (CNY 10k)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/client_table_model.py" line="152"/>
        <source>最近拜访</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/client_table_model.py" line="183"/>
        <source>（待认领）</source>
        <translation>(unclaimed)</translation>
    </message>
</context>
<context>
    <name>ClientsScreen</name>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="45"/>
        <source>搜索：名称、拼音首字母、信用代码或电话尾号（Ctrl+F）</source>
        <translation>Search: name, pinyin initials, credit code or last digits of a phone number (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="47"/>
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="48"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="50"/>
        <source>全部层级</source>
        <translation>All tiers</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="51"/>
        <source>全部行业</source>
        <translation>All industries</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="53"/>
        <source>全部客户经理</source>
        <translation>All RMs</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="53"/>
        <source>待认领（客户池）</source>
        <translation>Unclaimed (client pool)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="55"/>
        <source>全部风险等级</source>
        <translation>All risk grades</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="57"/>
        <source>无贷户</source>
        <translation>Without loans</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="58"/>
        <source>有效户</source>
        <translation>Active accounts</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="59"/>
        <source>新建客户(&amp;N)</source>
        <translation>&amp;New Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/clients.py" line="172"/>
        <source>共 {0} 个客户</source>
        <translation>Clients: {0}</translation>
    </message>
</context>
<context>
    <name>ComplaintRegisterDialog</name>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="108"/>
        <source>登记投诉</source>
        <extracomment>An open deadline closer than this is shown amber (&quot;due soon&quot;). The register opens on the last half year of complaints.</extracomment>
        <translation>Register Complaint</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="126"/>
        <source>暂不分类</source>
        <translation>Not classified yet</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="132"/>
        <source>一句话概括客户的诉求</source>
        <translation>The client&apos;s request in one sentence</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="135"/>
        <source>经过、客户诉求、已做的解释（可选）</source>
        <translation>What happened, what the client asks for, what was explained (optional)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="146"/>
        <source>客户(&amp;K)</source>
        <translation>&amp;Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="147"/>
        <source>渠道(&amp;Q)</source>
        <translation>C&amp;hannel</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="148"/>
        <source>受理时间(&amp;T)</source>
        <translation>&amp;Received at</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="149"/>
        <source>北京时间</source>
        <translation>Beijing time</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="150"/>
        <source>类别(&amp;G)</source>
        <translation>Cate&amp;gory</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="151"/>
        <source>摘要(&amp;S)</source>
        <translation>&amp;Summary</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="152"/>
        <source>详情(&amp;D)</source>
        <translation>&amp;Details</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="154"/>
        <source>登记</source>
        <translation>Register</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="173"/>
        <source>须在 {0} 前响应，{1} 前解决（均为北京时间）</source>
        <translation>Respond by {0} and resolve by {1} (Beijing time)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="177"/>
        <source>；分类后转交：{0}</source>
        <translation>; once classified it goes to: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="188"/>
        <source>请选择客户（输入名称或拼音首字母后从列表中选择）</source>
        <translation>Please select a client (type a name or pinyin initials, then pick from the list)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="192"/>
        <source>请填写投诉摘要</source>
        <translation>Please enter a summary of the complaint</translation>
    </message>
</context>
<context>
    <name>ComplaintsScreen</name>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="307"/>
        <source>受理时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="308"/>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="309"/>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="310"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="311"/>
        <source>未分类</source>
        <translation>Unclassified</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="312"/>
        <source>承办部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="313"/>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="314"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="315"/>
        <source>响应时限</source>
        <translation>Respond by</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="317"/>
        <source>解决时限</source>
        <translation>Resolve by</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="319"/>
        <source>受理人</source>
        <translation>Received by</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="331"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="332"/>
        <source>在办（未结案）</source>
        <translation>Open (not closed)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="335"/>
        <source>仅看超时(&amp;O)</source>
        <translation>&amp;Overdue only</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="345"/>
        <source>按客户或摘要筛选（Ctrl+F）</source>
        <translation>Filter by client or summary (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="347"/>
        <source>登记投诉(&amp;N)…</source>
        <translation>&amp;New Complaint…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="349"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="350"/>
        <source>打印登记簿(&amp;P)…</source>
        <translation>&amp;Print Register…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="352"/>
        <source>按所选受理日期打印投诉登记簿（Ctrl+P）</source>
        <translation>Print the complaint register for the selected receipt dates (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="356"/>
        <source>受理日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="367"/>
        <source>超时</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="367"/>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="392"/>
        <source>分类转交(&amp;C)…</source>
        <translation>&amp;Classify and Route…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="392"/>
        <source>确定类别，转交对应部门</source>
        <translation>Set the category and pass it to the responsible department</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="393"/>
        <source>开始处理(&amp;H)</source>
        <translation>Start &amp;Handling</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="393"/>
        <source>承办部门受理，即为响应</source>
        <translation>The handling department takes it on; this counts as the response</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="394"/>
        <source>处理完毕(&amp;R)…</source>
        <translation>&amp;Resolve…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="394"/>
        <source>登记处理结果</source>
        <translation>Record the resolution</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="395"/>
        <source>结果反馈(&amp;B)…</source>
        <translation>Report &amp;Back…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="395"/>
        <source>已将处理结果告知客户（书面或电话）</source>
        <translation>The client has been told the outcome (in writing or by phone)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="396"/>
        <source>跟进服务(&amp;U)…</source>
        <translation>Follow-&amp;Up…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="396"/>
        <source>反馈后的跟进服务记录</source>
        <translation>Record follow-up service after the feedback</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="397"/>
        <source>结案(&amp;L)</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="397"/>
        <source>结束本投诉</source>
        <translation>Close this complaint</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="398"/>
        <source>重新处理(&amp;E)…</source>
        <translation>R&amp;eopen…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="398"/>
        <source>客户仍不满意：退回处理中</source>
        <translation>The client is still unhappy: back to being handled</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="474"/>
        <source>{0} 至 {1}：共 {2} 件，在办 {3} 件，响应超时 {4} 件，解决超时 {5} 件</source>
        <translation>{0} to {1}: {2} in total, {3} open, {4} responded late, {5} resolved late</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="508"/>
        <source> 超时完成</source>
        <translation> (late)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="509"/>
        <source> 已超时</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="518"/>
        <source>应于 {0} 前响应；{1}</source>
        <translation>Respond by {0}; {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="519"/>
        <source>已于 {0} 响应</source>
        <translation>responded {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="520"/>
        <source>尚未响应</source>
        <translation>not yet responded</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="522"/>
        <source>应于 {0} 前解决；{1}</source>
        <translation>Resolve by {0}; {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="523"/>
        <source>已于 {0} 解决</source>
        <translation>resolved {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="524"/>
        <source>尚未解决</source>
        <translation>not yet resolved</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="535"/>
        <source>选择一条投诉查看处理经过</source>
        <translation>Select a complaint to see how it was handled</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="535"/>
        <source>没有符合条件的投诉</source>
        <translation>No complaints match</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="577"/>
        <source>时限 {0}</source>
        <translation>Due {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="585"/>
        <source>受理</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="586"/>
        <source>{0}，受理人 {1}</source>
        <translation>{0}, received by {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="588"/>
        <location filename="../../crm/ui/screens/complaints.py" line="636"/>
        <source>分类转交</source>
        <translation>Classified and routed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="591"/>
        <source>开始处理</source>
        <translation>Handling started</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="593"/>
        <location filename="../../crm/ui/screens/complaints.py" line="651"/>
        <source>处理完毕</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="596"/>
        <location filename="../../crm/ui/screens/complaints.py" line="658"/>
        <source>结果反馈</source>
        <translation>Client informed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="598"/>
        <location filename="../../crm/ui/screens/complaints.py" line="668"/>
        <source>跟进服务</source>
        <translation>Follow-up service</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="599"/>
        <location filename="../../crm/ui/screens/complaints.py" line="675"/>
        <source>结案</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="636"/>
        <source>投诉类别：</source>
        <translation>Complaint category:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="638"/>
        <source>将转交：{0}</source>
        <translation>Goes to: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="651"/>
        <source>处理结果（将反馈给客户）：</source>
        <translation>Resolution (will be reported to the client):</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="658"/>
        <source>处理结果已通过以下方式告知客户：</source>
        <translation>The client was told the outcome by:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="668"/>
        <source>跟进服务记录：</source>
        <translation>Follow-up service notes:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="675"/>
        <source>确认结案？结案后不能再重新处理。</source>
        <translation>Close this complaint? A closed complaint cannot be reopened.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="682"/>
        <source>重新处理</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="682"/>
        <source>客户仍不满意的原因（可选）：</source>
        <translation>Why the client is still unhappy (optional):</translation>
    </message>
</context>
<context>
    <name>ConfidentialityDialog</name>
    <message>
        <location filename="../../crm/ui/dialogs/login.py" line="29"/>
        <source>本人承诺：严格遵守银行客户信息保密制度与查询权限制度，仅在履行岗位职责所需范围内查阅、使用客户信息；不向任何无关人员泄露客户身份信息、账户信息、交易信息及其他敏感信息；不以拍照、复制、导出等方式私自留存客户资料；设备遗失或疑似泄露时立即报告。所有查看完整信息、导出及打印操作均记入审计。</source>
        <extracomment>Shown translated by ConfidentialityDialog (marked here so lupdate extracts it in that context).</extracomment>
        <translation>I undertake to comply strictly with the bank&apos;s client confidentiality and access-rights policies, and to view and use client information only as far as my duties require; not to disclose clients&apos; identity, account, transaction or other sensitive information to anyone not entitled to it; not to keep client data privately by photographing, copying, exporting or any other means; and to report at once any lost device or suspected leak. Every viewing of full details, every export and every printout is recorded in the audit log.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/login.py" line="79"/>
        <source>客户信息保密承诺</source>
        <translation>Client Confidentiality Undertaking</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/login.py" line="83"/>
        <source>我已阅读并承诺遵守</source>
        <translation>I Have Read and Agree to Comply</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/login.py" line="84"/>
        <source>不同意</source>
        <translation>Decline</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/login.py" line="142"/>
        <source>未签署保密承诺，程序将退出。</source>
        <translation>The confidentiality undertaking was not accepted; the application will now exit.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="147"/>
        <source>处理同步冲突</source>
        <translation>Resolve Sync Conflicts</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="150"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="153"/>
        <source>您离线期间，他人在服务器上修改了同一字段。请逐项选择保留哪个值，或填写新值。处理结果将在下次同步时提交服务器。</source>
        <translation>While you were offline, someone else changed the same fields on the server. For each field, choose which value to keep or enter a new one. Your decisions are sent to the server at the next sync.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="175"/>
        <source>确定处理</source>
        <translation>Resolve</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="191"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="192"/>
        <source>原值</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="193"/>
        <source>我的修改</source>
        <translation>My change</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="194"/>
        <source>服务器上的值</source>
        <translation>Server value</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="206"/>
        <source>保留我的(&amp;M)</source>
        <translation>Keep &amp;Mine</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="206"/>
        <source>采用服务器的(&amp;T)</source>
        <translation>Take &amp;Server&apos;s</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="207"/>
        <source>改为(&amp;E)：</source>
        <translation>Chang&amp;e to:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="237"/>
        <source>请为“{0}”选择处理方式</source>
        <translation>Choose how to resolve “{0}”</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="244"/>
        <source>“{0}”的新值格式不正确</source>
        <translation>The new value for “{0}” is not in a valid format</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="246"/>
        <source>请填写“{0}”的新值</source>
        <translation>Please enter the new value for “{0}”</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="139"/>
        <source>网点指标完成情况</source>
        <extracomment>A total below PASS_SCORE is shown red, from GOOD_SCORE green.</extracomment>
        <translation>Branch Indicators</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="140"/>
        <source>客户经理考核</source>
        <translation>RM Scorecards</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="149"/>
        <source> 年</source>
        <translation> </translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="150"/>
        <source>年度(&amp;Y)</source>
        <translation>&amp;Year</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="172"/>
        <source>&lt;span style=&apos;color:#16a34a&apos;&gt;■&lt;/span&gt; 完成计划&#x3000;&lt;span style=&apos;color:#f59e0b&apos;&gt;■&lt;/span&gt; 接近计划（≥90%）&#x3000;&lt;span style=&apos;color:#dc2626&apos;&gt;■&lt;/span&gt; 未完成&#x3000;金额单位：万元</source>
        <translation>&lt;span style=&apos;color:#16a34a&apos;&gt;■&lt;/span&gt; Plan met&amp;nbsp;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;color:#f59e0b&apos;&gt;■&lt;/span&gt; Close to plan (≥90%)&amp;nbsp;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;color:#dc2626&apos;&gt;■&lt;/span&gt; Not met&amp;nbsp;&amp;nbsp;&amp;nbsp;Amounts in CNY 10k</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="180"/>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="181"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="182"/>
        <source>计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="183"/>
        <location filename="../../crm/ui/screens/dashboard.py" line="255"/>
        <source>完成</source>
        <translation>Actual</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="184"/>
        <location filename="../../crm/ui/screens/dashboard.py" line="256"/>
        <source>完成率</source>
        <translation>% of plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="185"/>
        <source>上年同期</source>
        <translation>Prior year</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="217"/>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="217"/>
        <source>上月</source>
        <translation>Last month</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="218"/>
        <source>本季度</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="218"/>
        <source>本年度</source>
        <translation>This year</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="219"/>
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="221"/>
        <source>考核期间(&amp;P)</source>
        <translation>&amp;Period</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="252"/>
        <source>考核项目</source>
        <translation>Scoring item</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="253"/>
        <source>权重</source>
        <translation>Weight</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="254"/>
        <source>目标</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="258"/>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="263"/>
        <source>得分 = 权重 × min(完成 ÷ 目标, 1)；月度目标按期间长度折算；未设固定目标的项目以本网点最高者为目标，工作日志以期间工作日数为目标。</source>
        <translation>Score = weight × min(actual ÷ target, 1). Monthly targets are pro-rated to the length of the period; items without a fixed target use the branch&apos;s best result as the target, and the work log uses the number of working days in the period.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="320"/>
        <source>计划 {0} · 完成 {1}（{2}）</source>
        <translation>Plan {0} · actual {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="325"/>
        <source>{0} 年：{1} 项指标中 {2} 项完成计划</source>
        <translation>{0}: {2} of {1} indicators met the plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="327"/>
        <source>{0} 年暂无指标数据（由网点负责人录入或同步获得）</source>
        <translation>No indicator data for {0} yet (entered by the branch head or received by sync)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="367"/>
        <source>结束日期早于开始日期</source>
        <translation>The end date is before the start date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="381"/>
        <source>考核权重合计 {0} 分（网点考核配置）</source>
        <translation>Scoring weights total {0} points (branch scorecard settings)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="385"/>
        <source>排名</source>
        <translation>Rank</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="386"/>
        <source>客户经理</source>
        <translation>RM</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="389"/>
        <location filename="../../crm/ui/screens/dashboard.py" line="435"/>
        <source>加分</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="390"/>
        <location filename="../../crm/ui/screens/dashboard.py" line="437"/>
        <source>扣分</source>
        <translation>Deductions</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="391"/>
        <source>总分
(100)</source>
        <translation>Total
(100)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="415"/>
        <source>{0}：完成 {1} / 目标 {2}，得分 {3:.2f}（权重 {4}）</source>
        <translation>{0}: actual {1} / target {2}, score {3:.2f} (weight {4})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="424"/>
        <source>本期间没有客户经理考核数据</source>
        <translation>No RM scorecard data for this period</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="428"/>
        <source>我的考核（{0} 至 {1}）：总分 {2:.2f}</source>
        <translation>My scorecard ({0} to {1}): total {2:.2f}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="430"/>
        <source>{0} 的考核明细（{1} 至 {2}）</source>
        <translation>Scorecard details for {0} ({1} to {2})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/dashboard.py" line="438"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <location filename="../../crm/ui/dialogs/decision.py" line="40"/>
        <source>意见（退回时必填）：</source>
        <translation>Comments (required when returning):</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/decision.py" line="53"/>
        <source>写下审核意见或指导要点；Ctrl+Enter 确认</source>
        <translation>Write your review comments or guidance; Ctrl+Enter to confirm</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/decision.py" line="90"/>
        <source>请填写意见：{0}需要说明原因</source>
        <translation>Please enter a comment: “{0}” needs a reason</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/decision.py" line="103"/>
        <source>批准(&amp;A)</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/decision.py" line="104"/>
        <source>退回(&amp;R)</source>
        <translation>&amp;Return</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../../crm/ui/dialogs/enrol.py" line="37"/>
        <source>首次登录</source>
        <translation>First Sign-in</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/enrol.py" line="51"/>
        <source>服务器地址(&amp;S)</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/enrol.py" line="52"/>
        <source>用户名(&amp;U)</source>
        <translation>&amp;Username</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/enrol.py" line="53"/>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/enrol.py" line="58"/>
        <source>本机尚无工作区。请登录行内服务器，登录后客户数据将加密保存在本机，可离线使用。</source>
        <translation>There is no workspace on this computer yet. Sign in to the bank&apos;s server; client data will then be stored encrypted on this computer and can be used offline.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/enrol.py" line="68"/>
        <source>正在登录并下载数据…</source>
        <translation>Signing in and downloading data…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/enrol.py" line="97"/>
        <source>正在下载：{0} {1}/{2}</source>
        <translation>Downloading: {0} {1}/{2}</translation>
    </message>
</context>
<context>
    <name>GanttTableModel</name>
    <message>
        <location filename="../../crm/ui/models/plan_gantt_model.py" line="59"/>
        <source>{0}（潜在）</source>
        <extracomment>The cell&apos;s CellMark value (str); what the delegate paints. The day (datetime.date) of a cell.</extracomment>
        <translation>{0} (prospect)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/plan_gantt_model.py" line="64"/>
        <source>计划拜访</source>
        <translation>Planned visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/plan_gantt_model.py" line="65"/>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/plan_gantt_model.py" line="66"/>
        <source>已延迟</source>
        <translation>Delayed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/plan_gantt_model.py" line="67"/>
        <source>延迟至此日</source>
        <translation>Delayed to this day</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/plan_gantt_model.py" line="117"/>
        <source>状态：{0}</source>
        <translation>Status: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/plan_gantt_model.py" line="119"/>
        <source>目标：{0}</source>
        <translation>Goal: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/plan_gantt_model.py" line="121"/>
        <source>产品：{0}</source>
        <translation>Products: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/plan_gantt_model.py" line="123"/>
        <source>延迟至 {0}</source>
        <translation>Delayed to {0}</translation>
    </message>
</context>
<context>
    <name>JobBridge</name>
    <message>
        <location filename="../../crm/ui/job_bridge.py" line="146"/>
        <source>1 小时后</source>
        <extracomment>The tray balloon lists this many reminders; the rest are counted.</extracomment>
        <translation>In 1 hour</translation>
    </message>
    <message>
        <location filename="../../crm/ui/job_bridge.py" line="147"/>
        <source>明天上午</source>
        <translation>Tomorrow morning</translation>
    </message>
    <message>
        <location filename="../../crm/ui/job_bridge.py" line="148"/>
        <source>3 天后</source>
        <translation>In 3 days</translation>
    </message>
    <message>
        <location filename="../../crm/ui/job_bridge.py" line="149"/>
        <source>下周一</source>
        <translation>Next Monday</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../crm/ui/labels.py" line="24"/>
        <source>企业</source>
        <translation>Corporate</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="25"/>
        <location filename="../../crm/ui/labels.py" line="348"/>
        <source>机构</source>
        <extracomment>Replicated entities by their wire name (crm.domain.models.ENTITY_TYPES).</extracomment>
        <translation>Institution</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="26"/>
        <source>小型商户</source>
        <translation>Small merchant</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="27"/>
        <source>中大型商户</source>
        <translation>Medium/large merchant</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="28"/>
        <source>特约商户</source>
        <translation>Acquiring merchant</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="29"/>
        <source>个人</source>
        <translation>Individual</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="30"/>
        <source>贵宾</source>
        <translation>VIP</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="31"/>
        <source>高净值</source>
        <translation>High net worth</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="34"/>
        <source>目标客户</source>
        <translation>Prospect</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="35"/>
        <source>存量客户</source>
        <translation>Existing client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="36"/>
        <source>休眠</source>
        <translation>Dormant</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="37"/>
        <source>已销户</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="40"/>
        <source>农林牧渔</source>
        <translation>Agriculture, forestry &amp; fishing</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="40"/>
        <source>采矿业</source>
        <translation>Mining</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="41"/>
        <source>制造业</source>
        <translation>Manufacturing</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="41"/>
        <source>电力燃气水</source>
        <translation>Power, gas &amp; water</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="42"/>
        <source>建筑业</source>
        <translation>Construction</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="42"/>
        <source>批发零售</source>
        <translation>Wholesale &amp; retail</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="43"/>
        <source>交通运输</source>
        <translation>Transport &amp; logistics</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="43"/>
        <source>住宿餐饮</source>
        <translation>Hospitality &amp; catering</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="44"/>
        <source>信息技术</source>
        <translation>Information technology</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="44"/>
        <source>金融业</source>
        <translation>Finance</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="45"/>
        <source>房地产</source>
        <translation>Real estate</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="45"/>
        <source>租赁商务</source>
        <translation>Leasing &amp; business services</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="46"/>
        <source>科研技术</source>
        <translation>Research &amp; technical services</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="46"/>
        <source>水利环境</source>
        <translation>Water &amp; environment</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="47"/>
        <source>居民服务</source>
        <translation>Household services</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="47"/>
        <source>教育</source>
        <translation>Education</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="48"/>
        <source>卫生社工</source>
        <translation>Health &amp; social work</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="48"/>
        <source>文体娱乐</source>
        <translation>Culture, sports &amp; entertainment</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="49"/>
        <source>公共管理</source>
        <translation>Public administration</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="49"/>
        <source>国际组织</source>
        <translation>International organisations</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="52"/>
        <source>上门</source>
        <translation>On-site</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="53"/>
        <location filename="../../crm/ui/labels.py" line="98"/>
        <location filename="../../crm/ui/labels.py" line="306"/>
        <location filename="../../crm/ui/labels.py" line="386"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="54"/>
        <source>视频</source>
        <translation>Video</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="55"/>
        <source>网点</source>
        <translation>At branch</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="58"/>
        <location filename="../../crm/ui/labels.py" line="72"/>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="59"/>
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="60"/>
        <location filename="../../crm/ui/labels.py" line="74"/>
        <location filename="../../crm/ui/labels.py" line="260"/>
        <source>已批准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="61"/>
        <location filename="../../crm/ui/labels.py" line="75"/>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="62"/>
        <source>变更草稿</source>
        <translation>Amendment draft</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="65"/>
        <source>开户</source>
        <translation>Account opening</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="65"/>
        <location filename="../../crm/ui/labels.py" line="88"/>
        <source>存款</source>
        <translation>Deposits</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="66"/>
        <source>贷款</source>
        <translation>Loans</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="66"/>
        <location filename="../../crm/ui/labels.py" line="224"/>
        <source>理财</source>
        <translation>Wealth management</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="67"/>
        <location filename="../../crm/ui/labels.py" line="92"/>
        <location filename="../../crm/ui/labels.py" line="225"/>
        <source>结算</source>
        <translation>Settlement</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="67"/>
        <source>发卡</source>
        <translation>Card issuance</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="68"/>
        <location filename="../../crm/ui/labels.py" line="95"/>
        <source>电子银行</source>
        <translation>E-banking</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="69"/>
        <source>维护</source>
        <translation>Relationship maintenance</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="69"/>
        <location filename="../../crm/ui/labels.py" line="108"/>
        <location filename="../../crm/ui/labels.py" line="163"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="73"/>
        <source>待审核</source>
        <translation>Pending review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="76"/>
        <source>已交付</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="77"/>
        <source>实施中</source>
        <translation>Implementing</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="78"/>
        <source>跟踪中</source>
        <translation>Tracking</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="81"/>
        <source>已推荐</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="82"/>
        <source>有意向</source>
        <translation>Interested</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="83"/>
        <source>已申请</source>
        <translation>Applied</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="84"/>
        <source>成功</source>
        <translation>Won</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="85"/>
        <source>失败</source>
        <translation>Lost</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="89"/>
        <source>现金管理</source>
        <translation>Cash management</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="90"/>
        <source>财富</source>
        <translation>Wealth</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="91"/>
        <source>信贷</source>
        <translation>Credit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="93"/>
        <source>收单</source>
        <translation>Acquiring</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="94"/>
        <source>银行卡</source>
        <translation>Cards</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="99"/>
        <source>邮件</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="100"/>
        <source>信函</source>
        <translation>Letter</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="101"/>
        <source>在线客服</source>
        <translation>Online chat</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="102"/>
        <source>当面</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="105"/>
        <source>产品投诉</source>
        <translation>Product complaint</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="106"/>
        <source>服务投诉</source>
        <translation>Service complaint</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="107"/>
        <source>政策投诉</source>
        <translation>Policy complaint</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="111"/>
        <source>已受理</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="112"/>
        <source>已分类</source>
        <translation>Classified</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="113"/>
        <source>处理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="114"/>
        <source>已解决</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="115"/>
        <source>已反馈</source>
        <translation>Client informed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="116"/>
        <location filename="../../crm/ui/labels.py" line="427"/>
        <location filename="../../crm/ui/labels.py" line="529"/>
        <source>跟进服务</source>
        <translation>Follow-up service</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="117"/>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="154"/>
        <source>跟进</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="155"/>
        <source>定期回访</source>
        <translation>Scheduled return visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="156"/>
        <source>还款提醒</source>
        <translation>Repayment reminder</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="157"/>
        <source>逾期催收</source>
        <translation>Overdue collection</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="158"/>
        <source>担保物检查</source>
        <translation>Collateral check</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="159"/>
        <source>资金用途监控</source>
        <translation>Use-of-funds monitoring</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="160"/>
        <source>项目检查</source>
        <translation>Project inspection</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="161"/>
        <source>到期提醒</source>
        <translation>Maturity reminder</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="162"/>
        <source>资料更新</source>
        <translation>KYC refresh</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="166"/>
        <source>待办</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="167"/>
        <location filename="../../crm/ui/labels.py" line="172"/>
        <location filename="../../crm/ui/labels.py" line="395"/>
        <location filename="../../crm/ui/labels.py" line="432"/>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="168"/>
        <location filename="../../crm/ui/labels.py" line="174"/>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="171"/>
        <source>计划中</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="173"/>
        <source>已延迟</source>
        <translation>Delayed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="178"/>
        <source>一</source>
        <extracomment>Monday first, as date.weekday() counts.</extracomment>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="178"/>
        <source>二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="178"/>
        <source>三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="179"/>
        <source>四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="179"/>
        <source>五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="179"/>
        <source>六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="180"/>
        <source>日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="183"/>
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="183"/>
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="184"/>
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="184"/>
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="185"/>
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="185"/>
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="186"/>
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="223"/>
        <source>融资</source>
        <translation>Financing</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="226"/>
        <source>风险管理</source>
        <translation>Risk management</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="227"/>
        <source>国际业务</source>
        <translation>International business</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="230"/>
        <source>随时</source>
        <translation>On demand</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="231"/>
        <source>通知支取</source>
        <translation>Withdrawal on notice</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="232"/>
        <source>到期支取</source>
        <translation>At maturity</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="233"/>
        <source>封闭期</source>
        <translation>Lock-up period</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="234"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="237"/>
        <source>市场风险</source>
        <translation>Market risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="238"/>
        <source>信用风险</source>
        <translation>Credit risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="239"/>
        <source>流动性风险</source>
        <translation>Liquidity risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="240"/>
        <source>政策风险</source>
        <translation>Policy risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="241"/>
        <source>操作风险</source>
        <translation>Operational risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="244"/>
        <source>R1 低风险</source>
        <translation>R1 Low risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="245"/>
        <source>R2 中低风险</source>
        <translation>R2 Low-to-medium risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="246"/>
        <source>R3 中风险</source>
        <translation>R3 Medium risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="247"/>
        <source>R4 中高风险</source>
        <translation>R4 Medium-to-high risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="248"/>
        <source>R5 高风险</source>
        <translation>R5 High risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="251"/>
        <source>C1 保守型</source>
        <translation>C1 Conservative</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="252"/>
        <source>C2 稳健型</source>
        <translation>C2 Cautious</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="253"/>
        <source>C3 平衡型</source>
        <translation>C3 Balanced</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="254"/>
        <source>C4 成长型</source>
        <translation>C4 Growth</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="255"/>
        <source>C5 进取型</source>
        <translation>C5 Aggressive</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="258"/>
        <source>待确认</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="259"/>
        <source>争议</source>
        <translation>Contested</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="261"/>
        <source>已驳回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="262"/>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="266"/>
        <source>客户尚无有效的风险承受能力评估，不得销售理财或有风险等级的产品</source>
        <extracomment>Why the suitability rule (适当性) refuses a sale, keyed by the rule&apos;s code; filled from its params.</extracomment>
        <translation>The client has no valid risk tolerance assessment; wealth management and risk-rated products may not be sold</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="268"/>
        <source>客户的风险承受能力评估已于 {expires_on} 过期，须重新评估后方可销售理财产品</source>
        <translation>The client&apos;s risk tolerance assessment expired on {expires_on}; reassess the client before selling wealth management products</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="270"/>
        <source>产品风险等级 {product_risk} 高于客户风险承受能力 {tolerance}，不得销售</source>
        <translation>The product&apos;s risk grade {product_risk} exceeds the client&apos;s risk tolerance {tolerance}; it may not be sold</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="272"/>
        <source>该理财产品未标注风险等级，不得销售</source>
        <translation>This wealth management product has no risk grade and may not be sold</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="273"/>
        <source>所选越权审批不适用于本次销售（已过期或针对其他情形）</source>
        <translation>The selected override does not apply to this sale (it has expired or covers a different case)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="305"/>
        <source>书面</source>
        <translation>In writing</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="310"/>
        <source>产品部门</source>
        <extracomment>Departments complaints are routed to (crm.domain.rules.workflow.COMPLAINT_ROUTES).</extracomment>
        <translation>Product department</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="311"/>
        <source>客户服务部门</source>
        <translation>Customer service department</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="312"/>
        <source>政策部门</source>
        <translation>Policy department</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="313"/>
        <source>本网点</source>
        <translation>This branch</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="316"/>
        <source>存款余额</source>
        <translation>Deposit balance</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="317"/>
        <source>存款净增</source>
        <translation>Net deposit growth</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="318"/>
        <source>贷款发放</source>
        <translation>Loans disbursed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="319"/>
        <source>到期贷款收回</source>
        <translation>Matured loans recovered</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="320"/>
        <source>利息收回</source>
        <translation>Interest collected</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="321"/>
        <source>借记卡发卡</source>
        <translation>Debit cards issued</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="322"/>
        <source>代理保险保费</source>
        <translation>Bancassurance premiums</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="323"/>
        <source>个人网银</source>
        <translation>Personal e-banking</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="324"/>
        <source>企业网银</source>
        <translation>Corporate e-banking</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="325"/>
        <source>短信通知</source>
        <translation>SMS alerts</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="326"/>
        <source>贵宾卡</source>
        <translation>VIP cards</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="327"/>
        <source>转账电话</source>
        <translation>Payment phones</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="328"/>
        <source>POS 机</source>
        <translation>POS terminals</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="329"/>
        <source>中间业务收入</source>
        <translation>Fee income</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="330"/>
        <source>利润</source>
        <translation>Profit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="331"/>
        <source>有效户数</source>
        <translation>Active accounts</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="332"/>
        <source>有效户余额</source>
        <translation>Active account balances</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="335"/>
        <source>万元</source>
        <translation>CNY 10k</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="336"/>
        <source>户/个</source>
        <translation>accounts/units</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="339"/>
        <source>外出客户拓展</source>
        <translation>Field prospecting</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="340"/>
        <source>对公客户转推荐</source>
        <translation>Corporate client referrals</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="341"/>
        <source>存款上涨户数</source>
        <translation>Clients with deposit growth</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="342"/>
        <source>产品营销个数</source>
        <translation>Products sold</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="343"/>
        <source>新客户拓展</source>
        <translation>New clients won</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="344"/>
        <source>系统工作日志完成</source>
        <translation>Work log completion</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="348"/>
        <source>员工</source>
        <translation>Staff member</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="349"/>
        <location filename="../../crm/ui/labels.py" line="401"/>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="349"/>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="350"/>
        <source>持有产品</source>
        <translation>Holding</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="350"/>
        <location filename="../../crm/ui/labels.py" line="435"/>
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="351"/>
        <source>拜访记录</source>
        <translation>Visit record</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="351"/>
        <source>月度计划</source>
        <translation>Monthly plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="352"/>
        <source>计划条目</source>
        <translation>Plan item</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="352"/>
        <source>跟进事项</source>
        <translation>Follow-up task</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="353"/>
        <source>适当性越权审批</source>
        <translation>Suitability override</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="354"/>
        <source>产品营销</source>
        <translation>Product pitch</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="355"/>
        <source>服务方案</source>
        <translation>Service proposal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="356"/>
        <source>方案产品</source>
        <translation>Proposal product</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="357"/>
        <source>方案实施步骤</source>
        <translation>Proposal implementation step</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="358"/>
        <source>投诉</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="359"/>
        <source>满意度调查</source>
        <translation>Satisfaction survey</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="359"/>
        <source>客户认领</source>
        <translation>Client claim</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="360"/>
        <source>业绩指标</source>
        <translation>Performance indicator</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="360"/>
        <source>考核权重</source>
        <translation>Scoring weight</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="361"/>
        <source>冲突</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="362"/>
        <source>打印文档</source>
        <translation>Printed document</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="365"/>
        <source>新建</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="366"/>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="367"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="368"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="372"/>
        <source>客户名称</source>
        <extracomment>Field names people meet in conflicts and rejected changes; others are shown as they are.</extracomment>
        <translation>Client name</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="372"/>
        <source>简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="373"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="373"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="374"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="375"/>
        <source>身份证号</source>
        <translation>ID card number</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="376"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="376"/>
        <source>信用评级</source>
        <translation>Credit rating</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="377"/>
        <source>风险等级</source>
        <translation>Risk grade</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="378"/>
        <source>担保情况</source>
        <translation>Guarantees</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="379"/>
        <source>风险承受能力</source>
        <translation>Risk tolerance</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="380"/>
        <source>风险评估日期</source>
        <translation>Risk assessment date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="381"/>
        <source>风险评估有效期</source>
        <translation>Risk assessment valid until</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="382"/>
        <source>存款余额（元）</source>
        <translation>Deposit balance (CNY)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="383"/>
        <source>贷款余额（元）</source>
        <translation>Loan balance (CNY)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="384"/>
        <source>证照资料</source>
        <translation>KYC documents</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="385"/>
        <source>资料更新日期</source>
        <translation>KYC refreshed on</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="386"/>
        <source>名称/姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="387"/>
        <source>邮箱</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="387"/>
        <source>标题/职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="388"/>
        <source>金额（元）</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="389"/>
        <source>利率（%）</source>
        <translation>Rate (%)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="390"/>
        <source>账号</source>
        <translation>Account number</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="390"/>
        <location filename="../../crm/ui/labels.py" line="425"/>
        <source>到期日</source>
        <translation>Maturity date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="391"/>
        <source>开立日期</source>
        <translation>Opened on</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="391"/>
        <source>担保物</source>
        <translation>Collateral</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="392"/>
        <source>担保物价值（元）</source>
        <translation>Collateral value (CNY)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="393"/>
        <source>还款计划</source>
        <translation>Repayment schedule</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="394"/>
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="395"/>
        <source>拜访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="396"/>
        <source>目标达成</source>
        <translation>Goal reached</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="396"/>
        <source>客户需求</source>
        <translation>Client needs</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="397"/>
        <source>收费标准</source>
        <translation>Fee schedule</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="398"/>
        <source>投诉摘要</source>
        <translation>Complaint summary</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="399"/>
        <source>渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="399"/>
        <source>目标值</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="400"/>
        <source>实际值</source>
        <translation>Actual</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="400"/>
        <source>权重</source>
        <translation>Weight</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="402"/>
        <source>目标客户名称</source>
        <translation>Prospect name</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="403"/>
        <source>期限</source>
        <translation>Term</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="403"/>
        <source>费用</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="404"/>
        <source>步骤</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="404"/>
        <source>评分</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="405"/>
        <source>调查日期</source>
        <translation>Survey date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="406"/>
        <source>营销进度</source>
        <translation>Sales progress</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="407"/>
        <source>需要解决的问题</source>
        <translation>Open issues</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="408"/>
        <source>营销目标</source>
        <translation>Sales objective</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="409"/>
        <source>营销切入点</source>
        <translation>Sales entry point</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="410"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="411"/>
        <source>经营状况</source>
        <translation>Business condition</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="412"/>
        <source>还款能力</source>
        <translation>Repayment capacity</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="413"/>
        <source>层级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="413"/>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="414"/>
        <source>企业性质</source>
        <translation>Ownership type</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="414"/>
        <source>企业规模</source>
        <translation>Company size</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="415"/>
        <source>区域</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="415"/>
        <source>区县</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="416"/>
        <source>生命周期阶段</source>
        <translation>Lifecycle stage</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="417"/>
        <source>科技型企业</source>
        <translation>Technology enterprise</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="418"/>
        <source>无贷户</source>
        <translation>No loans</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="419"/>
        <source>有效户</source>
        <translation>Active account</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="420"/>
        <source>最近拜访</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="420"/>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="421"/>
        <source>拜访目的</source>
        <translation>Visit purpose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="421"/>
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="422"/>
        <source>获取的信息</source>
        <translation>Information gathered</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="423"/>
        <source>下一步</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="424"/>
        <source>沟通人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="425"/>
        <source>意见</source>
        <translation>Comments</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="426"/>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="426"/>
        <source>处理结果</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="428"/>
        <source>致客户函</source>
        <translation>Cover letter</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="429"/>
        <source>合作情况</source>
        <translation>Relationship with the bank</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="430"/>
        <source>服务内容</source>
        <translation>Service content</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="431"/>
        <source>服务流程</source>
        <translation>Service process</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="432"/>
        <source>负责人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="433"/>
        <source>目标</source>
        <translation>Goal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="433"/>
        <source>目标说明</source>
        <translation>Goal details</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="434"/>
        <source>计划日期</source>
        <translation>Planned days</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="436"/>
        <source>币种</source>
        <translation>Currency</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="436"/>
        <source>保证</source>
        <translation>Guarantee</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="437"/>
        <source>五级分类</source>
        <translation>Loan classification</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="438"/>
        <source>上年同期</source>
        <translation>Same period last year</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="438"/>
        <source>主要联系人</source>
        <translation>Primary contact</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="439"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="443"/>
        <location filename="../../crm/ui/labels.py" line="471"/>
        <source>您的角色无权执行此操作</source>
        <extracomment>Why the ledger refused a change, by its stable code; see rejection_reason() for the fall-backs.</extracomment>
        <translation>Your role is not allowed to do this</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="444"/>
        <source>该字段不允许修改</source>
        <translation>This field cannot be changed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="445"/>
        <source>此类记录只能由服务器维护</source>
        <translation>Records of this kind are maintained by the server only</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="446"/>
        <source>记录已在服务器上被他人修改，请查看最新内容后重试</source>
        <translation>Someone else changed this record on the server; review the latest version and try again</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="447"/>
        <source>服务器上已有同一记录</source>
        <translation>The server already has this record</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="448"/>
        <source>修改引用的记录在服务器上不存在或已删除</source>
        <translation>A record this change refers to does not exist on the server or was deleted</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="449"/>
        <source>该冲突已被处理或已过期</source>
        <translation>This conflict has already been resolved or has expired</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="450"/>
        <source>冲突处理方式无效</source>
        <translation>Invalid way of resolving the conflict</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="451"/>
        <source>该操作在服务器上已无需执行</source>
        <translation>The server no longer needs this action</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="452"/>
        <source>服务器不认识此操作，请升级程序</source>
        <translation>The server does not recognise this action; please update the application</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="453"/>
        <source>操作内容不完整或无效</source>
        <translation>The action is incomplete or invalid</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="454"/>
        <source>修改内容无效</source>
        <translation>The change is invalid</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="455"/>
        <source>服务器不认识修改中的字段，请升级程序</source>
        <translation>The server does not recognise a field in this change; please update the application</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="456"/>
        <source>修改中没有可保存的内容</source>
        <translation>The change contains nothing to save</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="457"/>
        <source>已存在相同统一社会信用代码的客户</source>
        <translation>A client with the same unified social credit code already exists</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="458"/>
        <source>只有该客户的客户经理或网点负责人可以修改</source>
        <translation>Only the client&apos;s RM or the branch head can change this</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="459"/>
        <source>只有网点负责人可以分配客户</source>
        <translation>Only the branch head can assign clients</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="460"/>
        <source>该月份的计划已存在</source>
        <translation>A plan for this month already exists</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="461"/>
        <source>该计划已有一份未完成的变更草稿</source>
        <translation>This plan already has an unfinished amendment draft</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="462"/>
        <source>计划已获批准，修改已转为变更草稿，请提交审批</source>
        <translation>The plan was already approved, so the change became an amendment draft; please submit it for approval</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="463"/>
        <source>计划已获批准，修改已并入变更草稿，请提交审批</source>
        <translation>The plan was already approved, so the change was added to the amendment draft; please submit it for approval</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="464"/>
        <source>该客户已有客户经理，不能认领</source>
        <translation>This client already has an RM and cannot be claimed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="465"/>
        <source>您已认领过该客户</source>
        <translation>You have already claimed this client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="466"/>
        <source>产品已停售</source>
        <translation>The product has been discontinued</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="467"/>
        <source>您不是该投诉的经办人</source>
        <translation>You are not the handler of this complaint</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="469"/>
        <source>服务器拒绝了此修改（{0}）</source>
        <translation>The server rejected this change ({0})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="472"/>
        <source>记录状态已在服务器上改变，此操作不再适用</source>
        <translation>The record&apos;s status has changed on the server; this action no longer applies</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="473"/>
        <source>记录在服务器上不存在，或已不在您的权限范围内</source>
        <translation>The record does not exist on the server or is no longer within your access</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="474"/>
        <source>缺少必填内容</source>
        <translation>Required information is missing</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="521"/>
        <source>提交</source>
        <extracomment>Workflow commands in the outbox by their verb (plan.submit → submit); see docs/sync-protocol.md.</extracomment>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="521"/>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="522"/>
        <source>批准</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="522"/>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="523"/>
        <source>变更</source>
        <translation>Amend</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="523"/>
        <source>修订</source>
        <translation>Revise</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="524"/>
        <source>交付</source>
        <translation>Deliver</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="524"/>
        <source>开始实施</source>
        <translation>Start implementation</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="525"/>
        <source>跟踪</source>
        <translation>Track</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="525"/>
        <source>认领</source>
        <translation>Claim</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="526"/>
        <source>裁定</source>
        <translation>Settle</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="526"/>
        <source>分配</source>
        <translation>Assign</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="527"/>
        <source>处理</source>
        <translation>Resolve</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="527"/>
        <source>分类转交</source>
        <translation>Classify and route</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="528"/>
        <source>开始处理</source>
        <translation>Start handling</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="528"/>
        <source>结果反馈</source>
        <translation>Feedback to client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="529"/>
        <source>结案</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="530"/>
        <source>重新处理</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../crm/ui/labels.py" line="530"/>
        <source>点评</source>
        <translation>Review</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../crm/ui/dialogs/lock.py" line="65"/>
        <location filename="../../crm/ui/dialogs/lock.py" line="72"/>
        <source>工作区已锁定</source>
        <translation>Workspace Locked</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/lock.py" line="75"/>
        <source>为保护客户信息，长时间无操作或手动锁定后需重新输入 {0} 的工作区密码。</source>
        <translation>To protect client information, {0}&apos;s workspace password is needed again after a period of inactivity or a manual lock.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/lock.py" line="87"/>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/lock.py" line="89"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/lock.py" line="92"/>
        <source>退出程序(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/lock.py" line="111"/>
        <source>请输入密码</source>
        <translation>Please enter your password</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/lock.py" line="114"/>
        <source>正在验证…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/lock.py" line="123"/>
        <source>密码不正确（已失败 {0} 次）</source>
        <translation>Incorrect password (failed attempts: {0})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/lock.py" line="189"/>
        <source>已锁定：输入密码后继续</source>
        <translation>Locked: enter your password to continue</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../crm/ui/main_window.py" line="55"/>
        <source>客户经理工作台 — {0}</source>
        <translation>RM Workbench — {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="89"/>
        <source>客户经理</source>
        <translation>Relationship manager</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="89"/>
        <source>网点负责人</source>
        <translation>Branch head</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="89"/>
        <source>系统管理员</source>
        <translation>System administrator</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="93"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="94"/>
        <source>切换用户(&amp;U)…</source>
        <translation>Switch &amp;User…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="98"/>
        <source>锁定(&amp;L)</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="101"/>
        <source>打印台账(&amp;B)…</source>
        <translation>Print ledger &amp;book…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="106"/>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="111"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="119"/>
        <source>同步(&amp;S)</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="120"/>
        <source>立即同步</source>
        <translation>Sync Now</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="124"/>
        <source>设置(&amp;O)</source>
        <translation>Se&amp;ttings</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="125"/>
        <source>语言 / Language</source>
        <translation>Language / 语言</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="133"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="134"/>
        <location filename="../../crm/ui/main_window.py" line="199"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="192"/>
        <source>打印台账</source>
        <translation>Print ledger book</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="199"/>
        <source>客户经理 CRM {0}
离线优先的银行客户经理工作台</source>
        <translation>RM CRM {0}
An offline-first workbench for bank relationship managers</translation>
    </message>
    <message>
        <location filename="../../crm/ui/main_window.py" line="282"/>
        <source>{0} 条新提醒</source>
        <translation>New reminders: {0}</translation>
    </message>
</context>
<context>
    <name>NewClientDialog</name>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="30"/>
        <location filename="../../crm/ui/dialogs/new_client.py" line="95"/>
        <source>新建客户</source>
        <translation>New Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="39"/>
        <source>统一社会信用代码（企业）或身份证号（个人）</source>
        <translation>Unified social credit code (companies) or ID card number (individuals)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="54"/>
        <source>客户类型(&amp;K)</source>
        <translation>Client &amp;type</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="55"/>
        <source>客户名称(&amp;A)</source>
        <translation>Client n&amp;ame</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="56"/>
        <source>简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="57"/>
        <source>证件号码(&amp;C)</source>
        <translation>&amp;ID number</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="58"/>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="59"/>
        <source>沟通人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="60"/>
        <source>沟通人电话(&amp;P)</source>
        <translation>Contact &amp;phone</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="61"/>
        <source>营销目标</source>
        <translation>Sales objective</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="88"/>
        <source>可能重复：{0}</source>
        <translation>Possible duplicates: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="95"/>
        <source>请填写客户名称（至少两个字）</source>
        <translation>Please enter the client name (at least two characters)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="99"/>
        <source>可能重复</source>
        <translation>Possible Duplicate</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/new_client.py" line="100"/>
        <source>已有相似客户：{0}
仍要新建吗？</source>
        <translation>Similar clients already exist: {0}
Create a new client anyway?</translation>
    </message>
</context>
<context>
    <name>PeriodPromptDialog</name>
    <message>
        <location filename="../../crm/ui/widgets/pickers.py" line="181"/>
        <source>起始日期(&amp;F)</source>
        <translation>&amp;From</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/pickers.py" line="182"/>
        <source>截止日期(&amp;T)</source>
        <translation>&amp;To</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/pickers.py" line="202"/>
        <source>截止日期不能早于起始日期</source>
        <translation>The end date cannot be before the start date</translation>
    </message>
</context>
<context>
    <name>PitchDialog</name>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="196"/>
        <source>向客户推荐产品</source>
        <translation>Propose a Product to a Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="217"/>
        <source> 元</source>
        <translation> CNY</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="218"/>
        <source>尚未商定</source>
        <translation>Not agreed yet</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="224"/>
        <source>客户(&amp;C)：</source>
        <translation>&amp;Client:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="226"/>
        <source>产品(&amp;R)：</source>
        <translation>P&amp;roduct:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="228"/>
        <source>金额(&amp;A)：</source>
        <translation>&amp;Amount:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="237"/>
        <source>网点负责人越权审批（将记入审计）</source>
        <translation>Branch head override (audited)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="241"/>
        <source>说明为何仍向该客户推荐此产品，例如客户书面确认知悉风险等</source>
        <translation>Explain why this product is still being proposed to the client, e.g. the client has confirmed in writing that they understand the risks</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="251"/>
        <source>理由：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="252"/>
        <source>有效期至：</source>
        <translation>Valid until:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="262"/>
        <location filename="../../crm/ui/dialogs/pitch.py" line="348"/>
        <source>推荐(&amp;P)</source>
        <translation>&amp;Propose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="317"/>
        <source>选择客户和产品后自动进行适当性检查</source>
        <translation>The suitability check runs once a client and a product are selected</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="334"/>
        <source>低于起购金额 {0} 元</source>
        <translation>Below the minimum purchase of {0} CNY</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="339"/>
        <source>起购金额 {0} 元</source>
        <translation>Minimum purchase {0} CNY</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="345"/>
        <source>越权审批并推荐(&amp;O)</source>
        <translation>&amp;Override and Propose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="361"/>
        <source>请选择客户和产品</source>
        <translation>Please select a client and a product</translation>
    </message>
</context>
<context>
    <name>PlanApprovalsTab</name>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="135"/>
        <source>客户经理</source>
        <extracomment>Visits awaiting review are listed up to this many; the tab title says &quot;500+&quot; beyond. data_changed entities that make this tab reload.</extracomment>
        <translation>RM</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="136"/>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="137"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="137"/>
        <source>变更</source>
        <translation>Amendment</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="137"/>
        <source>月度计划</source>
        <translation>Monthly plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="138"/>
        <source>事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="139"/>
        <source>提交时间</source>
        <translation>Submitted at</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="140"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="155"/>
        <source>批准(&amp;A)…</source>
        <translation>&amp;Approve…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="157"/>
        <source>退回(&amp;R)…</source>
        <translation>&amp;Return…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="214"/>
        <source>没有待审批的月度计划</source>
        <translation>No monthly plans awaiting approval</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="216"/>
        <source>客户经理提交的月度计划会出现在这里</source>
        <translation>Monthly plans submitted by RMs appear here</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="219"/>
        <source>（变更）</source>
        <translation> (amendment)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="220"/>
        <source>{0} · {1} 月度工作计划{2}</source>
        <translation>{0} · Monthly work plan {1}{2}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="230"/>
        <source>{0} 的 {1} 月度工作计划（{2} 项）</source>
        <translation>{0}&apos;s monthly work plan for {1} (items: {2})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="232"/>
        <source>审批月度计划</source>
        <translation>Approve Monthly Plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="242"/>
        <source>无法完成审批</source>
        <translation>Cannot Complete the Approval</translation>
    </message>
</context>
<context>
    <name>PlanGanttWidget</name>
    <message>
        <location filename="../../crm/ui/widgets/gantt.py" line="150"/>
        <source>月度计划甘特图</source>
        <translation>Monthly plan Gantt chart</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/gantt.py" line="179"/>
        <source>计划拜访</source>
        <translation>Planned visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/gantt.py" line="179"/>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/gantt.py" line="180"/>
        <source>已延迟</source>
        <translation>Delayed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/gantt.py" line="180"/>
        <source>延迟至</source>
        <translation>Delayed to</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/gantt.py" line="182"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/gantt.py" line="242"/>
        <source>单击或按空格键安排/取消某日拜访；双击客户名称或按 Enter 编辑事项</source>
        <translation>Click a day or press Space to schedule or unschedule a visit; double-click a client name or press Enter to edit the item</translation>
    </message>
</context>
<context>
    <name>PlanItemDialog</name>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="115"/>
        <source>编辑计划事项</source>
        <translation>Edit Plan Item</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="115"/>
        <source>添加计划事项</source>
        <translation>Add Plan Item</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="116"/>
        <source>已有客户(&amp;K)</source>
        <translation>&amp;Existing client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="117"/>
        <source>潜在客户(&amp;Q)</source>
        <translation>Ne&amp;w prospect</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="125"/>
        <source>尚未建档的目标客户名称</source>
        <translation>Name of a prospect not yet on file</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="132"/>
        <source>例如：新增存款 500 万元</source>
        <translation>e.g. new deposits of CNY 5 million</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="147"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="148"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="157"/>
        <source>对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="158"/>
        <source>客户(&amp;C)</source>
        <translation>&amp;Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="159"/>
        <source>潜在客户名称(&amp;N)</source>
        <translation>Prospect &amp;name</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="160"/>
        <source>月度目标(&amp;G)</source>
        <translation>Monthly &amp;goal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="161"/>
        <source>目标说明(&amp;T)</source>
        <translation>Goal de&amp;tails</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="162"/>
        <source>拟营销产品(&amp;P)</source>
        <translation>&amp;Products to offer</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="163"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>PlansScreen</name>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="232"/>
        <source>上个月（Ctrl+PgUp）</source>
        <translation>Previous month (Ctrl+PgUp)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="233"/>
        <source>下个月（Ctrl+PgDown）</source>
        <translation>Next month (Ctrl+PgDown)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="238"/>
        <source>yyyy年M月</source>
        <translation>MMM yyyy</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="240"/>
        <source>本月</source>
        <translation>Now</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="251"/>
        <source>打印(&amp;P)</source>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="255"/>
        <source>月份(&amp;Y)</source>
        <translation>Mont&amp;h</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="264"/>
        <source>客户经理(&amp;R)</source>
        <translation>&amp;RM</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="284"/>
        <source>新建本月计划(&amp;C)</source>
        <translation>&amp;Create This Month&apos;s Plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="285"/>
        <source>添加事项(&amp;A)</source>
        <translation>&amp;Add Item</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="286"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="287"/>
        <source>删除(&amp;D)</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="288"/>
        <source>标记完成(&amp;F)</source>
        <translation>Mark &amp;Finished</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="289"/>
        <source>延迟至(&amp;L)…</source>
        <translation>De&amp;lay To…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="290"/>
        <source>提交审批(&amp;S)</source>
        <translation>&amp;Submit for Approval</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="291"/>
        <source>撤回(&amp;W)</source>
        <translation>&amp;Withdraw</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="292"/>
        <source>申请变更(&amp;M)</source>
        <translation>Request A&amp;mendment</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="295"/>
        <source>审批意见（退回时必填）</source>
        <translation>Approval comments (required when returning)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="296"/>
        <source>批准(&amp;V)</source>
        <translation>Appro&amp;ve</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="297"/>
        <source>退回(&amp;B)</source>
        <translation>Send &amp;Back</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="449"/>
        <source>本月还没有计划。按“新建本月计划”开始，然后添加要拜访的客户。</source>
        <translation>There is no plan for this month yet. Press “Create This Month&apos;s Plan” to start, then add the clients to visit.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="450"/>
        <source>该客户经理本月尚无计划。</source>
        <translation>This RM has no plan for this month yet.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="484"/>
        <source>变更申请 · {0}</source>
        <translation>Amendment · {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="486"/>
        <source>生效中 · {0}</source>
        <translation>In effect · {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="498"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="505"/>
        <source>{0}（已被变更取代）</source>
        <translation>{0} (superseded by an amendment)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="509"/>
        <source>目标客户月度工作计划 · {0} · {1}</source>
        <translation>Monthly prospect work plan · {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="510"/>
        <source>应于 {0} 前提交</source>
        <translation>Due for submission by {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="511"/>
        <source>{0} 个事项 · {1} 个工作日</source>
        <translation>Items: {0} · working days: {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="514"/>
        <source>提交于 {0}</source>
        <translation>Submitted {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="516"/>
        <source>本计划是对已批准计划的变更</source>
        <translation>This plan amends an approved plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="519"/>
        <source>有一份变更申请（{0}）</source>
        <translation>An amendment is pending ({0})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="522"/>
        <source>网点负责人意见：{0}</source>
        <translation>Branch head&apos;s comments: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="569"/>
        <source>目标：{0}</source>
        <translation>Goal: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="571"/>
        <source>产品：{0}</source>
        <translation>Products: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="573"/>
        <source>未安排</source>
        <translation>not scheduled</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="574"/>
        <source>计划日：{0}</source>
        <translation>Planned days: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="576"/>
        <source>延迟至 {0}</source>
        <translation>Delayed to {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="578"/>
        <source>备注：{0}</source>
        <translation>Notes: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="673"/>
        <source>删除事项</source>
        <translation>Delete Item</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="673"/>
        <source>从计划中删除“{0}”？</source>
        <translation>Delete “{0}” from the plan?</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="707"/>
        <source>延迟至…</source>
        <translation>Delay To…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/plans.py" line="707"/>
        <source>新的完成期限：</source>
        <translation>New deadline:</translation>
    </message>
</context>
<context>
    <name>ProductDetail</name>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="85"/>
        <source>选择一个产品查看详情</source>
        <extracomment>The stage buttons, in pipeline order: (target stage, workflow transition, button text).</extracomment>
        <translation>Select a product to see its details</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="90"/>
        <source>产品代码</source>
        <translation>Product code</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="91"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="92"/>
        <source>期限</source>
        <translation>Term</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="93"/>
        <source>流动性</source>
        <translation>Liquidity</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="94"/>
        <source>参考利率/收益</source>
        <translation>Indicative rate/yield</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="95"/>
        <source>起购金额</source>
        <translation>Minimum purchase</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="95"/>
        <source>{0} 元</source>
        <translation>{0} CNY</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="96"/>
        <source>不限</source>
        <translation>No minimum</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="97"/>
        <source>收费标准</source>
        <translation>Fee schedule</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="98"/>
        <source>目标客户</source>
        <translation>Target clients</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="115"/>
        <source>理财风险提示</source>
        <translation>Wealth Management Risk Disclosure</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="119"/>
        <source>理财非存款，产品有风险，投资须谨慎。过往业绩不代表未来表现。</source>
        <translation>Wealth management products are not deposits and carry risk; invest with caution. Past performance is not a guide to future returns.</translation>
    </message>
</context>
<context>
    <name>ProductTableModel</name>
    <message>
        <location filename="../../crm/ui/models/product_table_model.py" line="69"/>
        <source>代码</source>
        <extracomment>(background, text) per risk level: green for the safest, red for the riskiest, as bank leaflets do.</extracomment>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/product_table_model.py" line="69"/>
        <source>产品名称</source>
        <translation>Product name</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/product_table_model.py" line="69"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/product_table_model.py" line="69"/>
        <source>风险等级</source>
        <translation>Risk grade</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/product_table_model.py" line="70"/>
        <source>流动性</source>
        <translation>Liquidity</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/product_table_model.py" line="70"/>
        <source>期限</source>
        <translation>Term</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/product_table_model.py" line="70"/>
        <source>参考利率/收益</source>
        <translation>Rate/yield</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/product_table_model.py" line="70"/>
        <source>起购金额（元）</source>
        <translation>Minimum (CNY)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/product_table_model.py" line="71"/>
        <source>收费标准</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/product_table_model.py" line="106"/>
        <source>{0}（停售）</source>
        <translation>{0} (discontinued)</translation>
    </message>
</context>
<context>
    <name>ProductsScreen</name>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="133"/>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="134"/>
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="135"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="136"/>
        <source>金额（元）</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="137"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="138"/>
        <source>阶段更新</source>
        <translation>Stage updated</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="139"/>
        <source>越权</source>
        <translation>Override</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="140"/>
        <source>失败原因</source>
        <translation>Reason lost</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="152"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="157"/>
        <source>搜索：代码、名称、目标客户或说明（Ctrl+F）</source>
        <translation>Search: code, name, target clients or description (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="159"/>
        <source>含停售产品</source>
        <translation>Include discontinued</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="162"/>
        <source>向客户推荐(&amp;P)…</source>
        <translation>&amp;Propose to Client…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="164"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="188"/>
        <source>产品营销记录</source>
        <translation>Product Pitches</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="191"/>
        <source>按客户筛选（留空显示全部）</source>
        <translation>Filter by client (leave empty for all)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="194"/>
        <source>全部阶段</source>
        <translation>All stages</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="200"/>
        <source>有意向(&amp;I)</source>
        <translation>&amp;Interested</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="200"/>
        <source>已申请(&amp;A)</source>
        <translation>&amp;Applied</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="200"/>
        <source>成功(&amp;W)</source>
        <translation>&amp;Won</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="201"/>
        <source>失败(&amp;L)…</source>
        <translation>&amp;Lost…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="201"/>
        <source>重新推荐(&amp;R)</source>
        <translation>&amp;Re-propose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="210"/>
        <source>客户：</source>
        <translation>Client:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="268"/>
        <source>共 {0} 个产品</source>
        <translation>Products: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="320"/>
        <source>{0} 条</source>
        <translation>Pitches: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="342"/>
        <source>营销失败</source>
        <translation>Pitch Lost</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="342"/>
        <source>失败原因（必填）：</source>
        <translation>Reason lost (required):</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/products.py" line="362"/>
        <source>无法更新阶段</source>
        <translation>Cannot Update the Stage</translation>
    </message>
</context>
<context>
    <name>ProposalApprovalsTab</name>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="259"/>
        <source>方案名称</source>
        <translation>Proposal title</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="260"/>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="261"/>
        <source>客户经理</source>
        <translation>RM</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="262"/>
        <source>提交时间</source>
        <translation>Submitted at</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="273"/>
        <source>批准(&amp;A)…</source>
        <translation>&amp;Approve…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="275"/>
        <source>退回(&amp;R)…</source>
        <translation>&amp;Return…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="278"/>
        <source>核对需求、产品适当性、收费与实施计划后批准或退回</source>
        <translation>Check the needs, product suitability, fees and implementation plan, then approve or return</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="324"/>
        <source>没有待审核的服务方案</source>
        <translation>No service proposals awaiting review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="334"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="335"/>
        <source>审核服务方案</source>
        <translation>Review Service Proposal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="345"/>
        <source>无法完成审核</source>
        <translation>Cannot Complete the Review</translation>
    </message>
</context>
<context>
    <name>ProposalEditorDialog</name>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="89"/>
        <source>服务方案</source>
        <translation>Service Proposal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="109"/>
        <source>基本信息(&amp;1)</source>
        <translation>&amp;1 Basics</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="110"/>
        <source>需求分析(&amp;2)</source>
        <translation>&amp;2 Needs</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="111"/>
        <source>产品组合(&amp;3)</source>
        <translation>&amp;3 Products</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="112"/>
        <source>服务与收费(&amp;4)</source>
        <translation>&amp;4 Services and Fees</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="113"/>
        <source>实施计划(&amp;5)</source>
        <translation>&amp;5 Implementation</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="123"/>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="126"/>
        <source>提交审核(&amp;U)</source>
        <translation>S&amp;ubmit for Review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="129"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="148"/>
        <source>例如：××公司综合金融服务方案</source>
        <translation>e.g. Integrated financial services proposal for XX Co.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="150"/>
        <source>致客户函：称呼、感谢与我行的服务理念</source>
        <translation>Cover letter: greeting, thanks and the bank&apos;s service philosophy</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="152"/>
        <source>双方合作现状：已开立账户、存贷款、已使用的产品与服务</source>
        <translation>Current relationship: accounts opened, deposits and loans, products and services in use</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="154"/>
        <source>客户(&amp;C)：</source>
        <translation>&amp;Client:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="156"/>
        <source>方案名称(&amp;T)：</source>
        <translation>&amp;Title:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="160"/>
        <source>致客户函：</source>
        <translation>Cover letter:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="161"/>
        <source>双方合作现状：</source>
        <translation>Current relationship:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="168"/>
        <source>资金缺口、用途、期限、担保方式</source>
        <translation>Funding gap, purpose, term, security</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="169"/>
        <source>闲置资金规模、期限、流动性与风险偏好</source>
        <translation>Idle funds: amount, term, liquidity and risk appetite</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="170"/>
        <source>收付款渠道、账户体系、对账与代发需求</source>
        <translation>Payment channels, account structure, reconciliation and payroll needs</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="171"/>
        <source>汇率、利率、信用与操作风险的管理需求</source>
        <translation>Managing exchange-rate, interest-rate, credit and operational risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="172"/>
        <source>进出口结算、跨境融资与外汇需求</source>
        <translation>Import/export settlement, cross-border financing and FX needs</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="184"/>
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="185"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="186"/>
        <source>金额（元）</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="187"/>
        <source>期限</source>
        <translation>Term</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="188"/>
        <source>利率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="189"/>
        <source>费用</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="190"/>
        <source>适当性</source>
        <translation>Suitability</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="195"/>
        <source>移除所选产品(&amp;M)</source>
        <translation>Re&amp;move Selected Product</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="198"/>
        <source>添加产品</source>
        <translation>Add Product</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="208"/>
        <source> 元</source>
        <translation> CNY</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="216"/>
        <source>按产品定价</source>
        <translation>As priced for the product</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="221"/>
        <source>备注（客户可见，不得使用保本、稳赚等误导性用语）</source>
        <translation>Notes (the client sees these; no misleading terms such as “capital guaranteed” or “sure gain”)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="223"/>
        <source>添加产品(&amp;D)</source>
        <translation>A&amp;dd Product</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="226"/>
        <source>产品：</source>
        <translation>Product:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="228"/>
        <source>金额：</source>
        <translation>Amount:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="230"/>
        <source>期限：</source>
        <translation>Term:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="232"/>
        <source>利率：</source>
        <translation>Rate:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="234"/>
        <source>费用：</source>
        <translation>Fees:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="236"/>
        <source>备注：</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="257"/>
        <source>为客户提供的服务内容</source>
        <translation>The services offered to the client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="258"/>
        <source>服务流程：从需求确认到实施与回访</source>
        <translation>Service process: from confirming needs to implementation and follow-up visits</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="260"/>
        <source>收费标准：按我行公布的价目执行，说明减免</source>
        <translation>Fees: per the bank&apos;s published tariff; state any waivers</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="262"/>
        <source>服务内容：</source>
        <translation>Services:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="263"/>
        <source>服务流程：</source>
        <translation>Service process:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="264"/>
        <source>收费标准：</source>
        <translation>Fees:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="270"/>
        <source>步骤</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="271"/>
        <source>负责人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="272"/>
        <source>完成时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="273"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="273"/>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="278"/>
        <source>删除所选步骤(&amp;X)</source>
        <translation>Delete Selected Ste&amp;p</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="281"/>
        <source>添加实施步骤</source>
        <translation>Add Implementation Step</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="284"/>
        <source>例如：开立一般存款账户并开通企业网银</source>
        <translation>e.g. Open a general deposit account and set up corporate e-banking</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="298"/>
        <source>添加步骤(&amp;G)</source>
        <translation>&amp;Add Step</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="302"/>
        <source>负责人：</source>
        <translation>Owner:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="304"/>
        <source>完成时限：</source>
        <translation>Deadline:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="392"/>
        <source>至少添加一个产品后才能提交审核</source>
        <translation>Add at least one product before submitting for review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="393"/>
        <source>新服务方案</source>
        <translation>New Service Proposal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="394"/>
        <source>服务方案 — {0}</source>
        <translation>Service Proposal — {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="397"/>
        <source>新建（尚未保存）</source>
        <translation>New (not saved yet)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="399"/>
        <source> · 有未保存的修改</source>
        <translation> · unsaved changes</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="400"/>
        <source>状态：{0}</source>
        <translation>Status: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="402"/>
        <source>负责人退回意见：{0}</source>
        <translation>Returned by the branch head: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="408"/>
        <source>{0}的方案不能修改，此处仅供查看。</source>
        <translation>Proposals with status “{0}” cannot be changed; shown read-only.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="424"/>
        <source>✔ 通过</source>
        <translation>✔ Suitable</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="426"/>
        <source>⚠ 负责人越权审批</source>
        <translation>⚠ Branch head override</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="427"/>
        <source>✘ 不适当</source>
        <translation>✘ Not suitable</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="455"/>
        <source>请填写方案名称</source>
        <translation>Please enter a proposal title</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="463"/>
        <source>请选择客户</source>
        <translation>Please select a client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="514"/>
        <source>方案当前状态不可添加产品</source>
        <translation>Products cannot be added in the proposal&apos;s current status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="516"/>
        <source>选择客户和产品后自动进行适当性检查</source>
        <translation>The suitability check runs once a client and a product are selected</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="566"/>
        <source>请填写步骤内容</source>
        <translation>Please describe the step</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="602"/>
        <source>未保存的修改</source>
        <translation>Unsaved Changes</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/proposal_editor.py" line="602"/>
        <source>方案有未保存的修改，是否保存？</source>
        <translation>The proposal has unsaved changes. Save them?</translation>
    </message>
</context>
<context>
    <name>ProposalSummaryView</name>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="86"/>
        <source>选择一个方案查看内容</source>
        <extracomment>A ruled table with a grey header row, opened for the product lines and the timetable.</extracomment>
        <translation>Select a proposal to see its content</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="94"/>
        <source>客户：{0}&#x3000;客户经理：{1}</source>
        <translation>Client: {0}   RM: {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="99"/>
        <source>（有效期至 {0}）</source>
        <translation> (valid until {0})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="101"/>
        <source>风险承受能力：{0}</source>
        <translation>Risk tolerance: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="105"/>
        <source>网点负责人</source>
        <translation>Branch head</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="109"/>
        <source>负责人意见</source>
        <translation>Branch head&apos;s comments</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="115"/>
        <source>需求分析</source>
        <translation>Needs Analysis</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="123"/>
        <location filename="../../crm/ui/screens/proposals.py" line="156"/>
        <source>（未填写）</source>
        <translation>(not filled in)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="125"/>
        <source>推荐产品组合</source>
        <translation>Recommended Products</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="127"/>
        <source>产品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="127"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="127"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="127"/>
        <source>金额（元）</source>
        <translation>Amount (CNY)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="128"/>
        <source>期限</source>
        <translation>Term</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="128"/>
        <source>利率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="128"/>
        <source>费用</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="128"/>
        <source>适当性</source>
        <translation>Suitability</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="146"/>
        <source>合计金额：{0} 元（{1} 万元）</source>
        <translation>Total: {0} CNY ({1} × CNY 10k)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="150"/>
        <source>（尚未添加产品）</source>
        <translation>(no products yet)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="152"/>
        <source>服务内容</source>
        <translation>Services</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="152"/>
        <source>服务流程</source>
        <translation>Service Process</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="153"/>
        <source>收费标准</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="153"/>
        <source>双方合作现状</source>
        <translation>Current Relationship</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="158"/>
        <source>实施计划</source>
        <translation>Implementation Plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="161"/>
        <source>步骤</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="161"/>
        <source>负责人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="161"/>
        <source>完成时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="161"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="165"/>
        <source>✔ 已完成</source>
        <translation>✔ Done</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="171"/>
        <source>（尚未安排）</source>
        <translation>(not scheduled yet)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="174"/>
        <source>致客户函</source>
        <translation>Cover Letter</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="177"/>
        <source>理财风险提示</source>
        <translation>Wealth Management Risk Disclosure</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="178"/>
        <source>方案含理财产品，打印件将附市场、信用、流动性、政策、操作风险提示。</source>
        <translation>The proposal includes wealth management products; the printout will include market, credit, liquidity, policy and operational risk disclosures.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="184"/>
        <source>通过</source>
        <translation>Suitable</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="187"/>
        <source>越权审批（{0}）：{1}</source>
        <translation>Override ({0}): {1}</translation>
    </message>
</context>
<context>
    <name>ProposalTableModel</name>
    <message>
        <location filename="../../crm/ui/models/proposal_table_model.py" line="42"/>
        <source>方案名称</source>
        <extracomment>(background, text) per status, shared with the summary&apos;s status badge.</extracomment>
        <translation>Proposal title</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/proposal_table_model.py" line="43"/>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/proposal_table_model.py" line="44"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/proposal_table_model.py" line="47"/>
        <source>客户经理</source>
        <translation>RM</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/proposal_table_model.py" line="48"/>
        <source>更新日期</source>
        <translation>Updated</translation>
    </message>
</context>
<context>
    <name>ProposalsScreen</name>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="224"/>
        <source>步骤</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="225"/>
        <source>负责人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="226"/>
        <source>完成时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="227"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="227"/>
        <source>✔ 已完成</source>
        <translation>✔ Done</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="227"/>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="239"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="244"/>
        <source>按方案名称或客户筛选（Ctrl+F）</source>
        <translation>Filter by proposal title or client (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="248"/>
        <source>新建方案(&amp;N)</source>
        <translation>&amp;New Proposal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="268"/>
        <source>标记完成/取消(&amp;K)</source>
        <translation>Mar&amp;k Done / Not Done</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="282"/>
        <source>方案内容</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="283"/>
        <source>实施进度</source>
        <translation>Implementation</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="286"/>
        <location filename="../../crm/ui/screens/proposals.py" line="406"/>
        <source>编辑(&amp;E)…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="286"/>
        <source>提交审核(&amp;U)</source>
        <translation>S&amp;ubmit for Review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="287"/>
        <source>撤回(&amp;W)</source>
        <translation>&amp;Withdraw</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="287"/>
        <source>交付客户(&amp;D)</source>
        <translation>&amp;Deliver to Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="288"/>
        <source>开始实施(&amp;B)</source>
        <translation>&amp;Begin Implementation</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="288"/>
        <source>跟踪记录(&amp;T)…</source>
        <translation>Log &amp;Tracking…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="289"/>
        <location filename="../../crm/ui/screens/proposals.py" line="412"/>
        <source>打印(&amp;P)…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="294"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="356"/>
        <source>共 {0} 个方案</source>
        <translation>Proposals: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="406"/>
        <source>查看(&amp;E)…</source>
        <translation>Vi&amp;ew…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="412"/>
        <source>打印草稿(&amp;P)…</source>
        <translation>&amp;Print Draft…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="415"/>
        <source>打印客户方案</source>
        <translation>Print the client proposal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="415"/>
        <source>未批准的方案打印时带“草稿”水印，不得交给客户</source>
        <translation>A proposal that is not approved prints with a “DRAFT” watermark and must not be given to the client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="418"/>
        <source>方案交付客户后可在此登记各步骤的完成情况</source>
        <translation>Once the proposal is delivered, record the progress of each step here</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="420"/>
        <source>草稿：完善后提交网点负责人审核</source>
        <translation>Draft: complete it, then submit it to the branch head for review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="421"/>
        <source>待网点负责人审核</source>
        <translation>Awaiting the branch head&apos;s review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="422"/>
        <source>已退回：按负责人意见修改后重新提交</source>
        <translation>Returned: revise it as the branch head asks, then resubmit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="423"/>
        <source>已批准：可打印并交付客户</source>
        <translation>Approved: it can be printed and delivered to the client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="424"/>
        <source>已交付客户：开始实施</source>
        <translation>Delivered to the client: start the implementation</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="425"/>
        <source>实施中：按计划推进并登记跟踪</source>
        <translation>Implementing: follow the plan and log the tracking</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="426"/>
        <source>跟踪中</source>
        <translation>Tracking</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="472"/>
        <source>无法提交</source>
        <translation>Cannot Submit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="475"/>
        <source>无法撤回</source>
        <translation>Cannot Withdraw</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="478"/>
        <source>无法交付</source>
        <translation>Cannot Deliver</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="481"/>
        <source>无法开始实施</source>
        <translation>Cannot Start the Implementation</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="484"/>
        <source>跟踪记录</source>
        <translation>Tracking Note</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="484"/>
        <source>本次跟踪情况：</source>
        <translation>What happened this time:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="490"/>
        <source>无法登记跟踪</source>
        <translation>Cannot Log the Tracking</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="500"/>
        <source>无法更新步骤</source>
        <translation>Cannot Update the Step</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/proposals.py" line="516"/>
        <source>无法打印</source>
        <translation>Cannot Print</translation>
    </message>
</context>
<context>
    <name>ReminderTray</name>
    <message>
        <location filename="../../crm/ui/job_bridge.py" line="201"/>
        <source>客户经理工作台</source>
        <translation>RM Workbench</translation>
    </message>
    <message>
        <location filename="../../crm/ui/job_bridge.py" line="207"/>
        <source>{0} 条新提醒</source>
        <translation>New reminders: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/job_bridge.py" line="210"/>
        <source>…另有 {0} 条，请在“今日”查看</source>
        <translation>…and {0} more; see “Today”</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="19"/>
        <source>定期回访</source>
        <translation>Scheduled return visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="20"/>
        <source>待办到期</source>
        <translation>Task due</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="21"/>
        <source>待办逾期</source>
        <translation>Task overdue</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="22"/>
        <source>还款提醒</source>
        <translation>Repayment reminder</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="23"/>
        <source>逾期催收</source>
        <translation>Overdue collection</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="24"/>
        <source>担保物检查</source>
        <translation>Collateral check</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="25"/>
        <source>资金用途监控</source>
        <translation>Use-of-funds monitoring</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="26"/>
        <source>项目检查</source>
        <translation>Project inspection</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="27"/>
        <source>产品到期</source>
        <translation>Product maturity</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="28"/>
        <source>风险评估到期</source>
        <translation>Risk assessment expiring</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="29"/>
        <source>客户资料定期更新</source>
        <translation>Periodic KYC refresh</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="30"/>
        <source>月度计划待提交</source>
        <translation>Monthly plan to submit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="31"/>
        <source>计划待审批</source>
        <translation>Plan awaiting approval</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="32"/>
        <source>方案待审批</source>
        <translation>Proposal awaiting approval</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="33"/>
        <source>延期事项已到期</source>
        <translation>Delayed item now due</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="34"/>
        <source>投诉待响应</source>
        <translation>Complaint awaiting response</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="35"/>
        <source>投诉待解决</source>
        <translation>Complaint awaiting resolution</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="36"/>
        <source>满意度调查</source>
        <translation>Satisfaction survey</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="37"/>
        <source>周报</source>
        <translation>Weekly report</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="50"/>
        <source>{0}月{1}日</source>
        <translation>{0}/{1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="57"/>
        <source>{0} {1}前</source>
        <translation>{0} before {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="59"/>
        <source>{0}（已过期）</source>
        <translation>{0} (overdue)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="61"/>
        <source>今天</source>
        <translation>today</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="74"/>
        <source>{0} ¥{1}</source>
        <translation>{0} ¥{1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="81"/>
        <source>{0}（{1}类客户）</source>
        <translation>{0} (tier {1})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="87"/>
        <source>{0}年{1}月计划</source>
        <translation>plan for {1}/{0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="92"/>
        <source>{0} 的 {1} 计划</source>
        <translation>{0}&apos;s plan for {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="96"/>
        <location filename="../../crm/ui/reminder_text.py" line="102"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="98"/>
        <source>{0}（{1} 计划）</source>
        <translation>{0} ({1} plan)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="106"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="110"/>
        <source>{0} 周报</source>
        <translation>weekly report {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="116"/>
        <source>{0}：{1} · {2}</source>
        <translation>{0}: {1} · {2}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/reminder_text.py" line="139"/>
        <source>到期日 {0}</source>
        <translation>Due {0}</translation>
    </message>
</context>
<context>
    <name>Screens</name>
    <message>
        <location filename="../../crm/ui/screens/__init__.py" line="36"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/__init__.py" line="37"/>
        <source>客户</source>
        <translation>Clients</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/__init__.py" line="38"/>
        <source>拜访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/__init__.py" line="39"/>
        <source>计划</source>
        <translation>Plans</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/__init__.py" line="40"/>
        <source>审批</source>
        <translation>Approvals</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/__init__.py" line="42"/>
        <source>产品</source>
        <translation>Products</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/__init__.py" line="44"/>
        <source>方案</source>
        <translation>Proposals</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/__init__.py" line="46"/>
        <source>投诉</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/__init__.py" line="48"/>
        <source>业绩</source>
        <translation>Performance</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/__init__.py" line="50"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>SuitabilityBanner</name>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="141"/>
        <source>选择客户和产品后自动进行适当性检查</source>
        <translation>The suitability check runs once a client and a product are selected</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="158"/>
        <source>未评估</source>
        <translation>not assessed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="163"/>
        <source>已于 {0} 过期</source>
        <translation>expired on {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="163"/>
        <source>有效期至 {0}</source>
        <translation>valid until {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="165"/>
        <source>无风险等级</source>
        <translation>no risk grade</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="167"/>
        <source>客户风险承受能力：{0}</source>
        <translation>Client&apos;s risk tolerance: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="168"/>
        <source>产品风险等级：{0}</source>
        <translation>Product risk grade: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="172"/>
        <source>适当性检查通过，可以推荐</source>
        <translation>Suitability check passed; the product can be proposed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="176"/>
        <source>{0}。已有网点负责人{1}越权审批（有效期至 {2}），可以推荐</source>
        <translation>{0}. Branch head {1} has approved an override (valid until {2}); the product can be proposed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/pitch.py" line="180"/>
        <source>不得推荐：{0}</source>
        <translation>Cannot be proposed: {0}</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="104"/>
        <location filename="../../crm/ui/widgets/sync_status.py" line="110"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="107"/>
        <source>正在下载全部数据：已接收 {0} 条</source>
        <translation>Downloading all data: {0} records received</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="109"/>
        <source>正在建立搜索索引：{0} / {1}</source>
        <translation>Building the search index: {0} / {1}</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="78"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="79"/>
        <location filename="../../crm/ui/screens/sync.py" line="89"/>
        <location filename="../../crm/ui/screens/sync.py" line="97"/>
        <source>对象</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="80"/>
        <location filename="../../crm/ui/screens/sync.py" line="90"/>
        <location filename="../../crm/ui/screens/sync.py" line="98"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="81"/>
        <location filename="../../crm/ui/screens/sync.py" line="99"/>
        <source>操作</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="82"/>
        <source>修改的字段</source>
        <translation>Fields changed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="83"/>
        <location filename="../../crm/ui/screens/sync.py" line="101"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="84"/>
        <source>上传情况</source>
        <translation>Upload</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="84"/>
        <source>已尝试 {0} 次</source>
        <translation>Attempts: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="85"/>
        <source>等待上传</source>
        <translation>Waiting to upload</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="91"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="92"/>
        <source>我的修改</source>
        <translation>My change</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="92"/>
        <location filename="../../crm/ui/screens/sync.py" line="93"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="93"/>
        <source>服务器上的值</source>
        <translation>Server value</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="94"/>
        <source>发生时间</source>
        <translation>Occurred at</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="100"/>
        <source>被拒原因</source>
        <translation>Reason rejected</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="127"/>
        <source>立即同步</source>
        <translation>Sync Now</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="129"/>
        <source>F5：上传本机修改并下载最新数据，在后台进行</source>
        <translation>F5: upload local changes and download the latest data, in the background</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="158"/>
        <source>这些修改已保存在本机，联网同步时按顺序上传；上传前断网或关机都不会丢失。</source>
        <translation>These changes are saved on this computer and are uploaded in order at the next sync; losing the network or shutting down before then loses nothing.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="159"/>
        <source>✓ 没有待上传的修改</source>
        <translation>✓ No changes waiting to upload</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="167"/>
        <source>处理冲突(&amp;R)…</source>
        <translation>&amp;Resolve Conflict…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="169"/>
        <source>比较原值、我的修改和服务器上的值，逐项决定（Enter）</source>
        <translation>Compare the original value, your change and the server&apos;s value, and decide field by field (Enter)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="171"/>
        <source>您离线期间，他人修改了相同的重要字段（联系方式、金额、名称等）。服务器暂保留对方的值，请决定保留哪一个。</source>
        <translation>While you were offline, someone else changed the same important fields (contact details, amounts, names…). The server is keeping their value for now; decide which one to keep.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="177"/>
        <source>✓ 没有待处理的冲突</source>
        <translation>✓ No conflicts to resolve</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="185"/>
        <source>重试(&amp;Y)</source>
        <translation>Retr&amp;y</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="187"/>
        <source>按本机当前内容重新排队上传</source>
        <translation>Queue the upload again with the current local content</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="188"/>
        <source>放弃此修改(&amp;D)</source>
        <translation>&amp;Discard This Change</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="190"/>
        <source>接受服务器的决定，恢复服务器上的内容</source>
        <translation>Accept the server&apos;s decision and restore the server&apos;s content</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="192"/>
        <source>服务器拒绝了这些修改（例如记录状态已变化或权限不足）。可修正后重试，或放弃修改。</source>
        <translation>The server rejected these changes (for example, the record&apos;s status changed or you lack permission). Correct them and retry, or discard them.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="199"/>
        <source>✓ 没有被服务器拒绝的修改</source>
        <translation>✓ No changes rejected by the server</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="230"/>
        <source>● 未连接服务器（仅本机工作）</source>
        <translation>● No server connected (working locally only)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="232"/>
        <source>⟳ 正在同步…</source>
        <translation>⟳ Syncing…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="234"/>
        <source>● 离线：修改保留在本机，联网后再同步</source>
        <translation>● Offline: changes stay on this computer and sync once you are back online</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="236"/>
        <source>● 在线，已同步</source>
        <translation>● Online, up to date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="238"/>
        <source>● 本次启动尚未同步</source>
        <translation>● Not synced since start-up</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="242"/>
        <source>服务器：{0}</source>
        <translation>Server: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="243"/>
        <source>未配置同步服务器</source>
        <translation>No sync server configured</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="245"/>
        <source>上次成功同步：{0}</source>
        <translation>Last successful sync: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="246"/>
        <source>上次成功同步：从未</source>
        <translation>Last successful sync: never</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="256"/>
        <source>未配置同步服务器：请用 crm login --server 登录</source>
        <translation>No sync server configured: sign in with crm login --server</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="288"/>
        <source>待上传（{0}）</source>
        <translation>Pending ({0})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="289"/>
        <source>冲突（{0}）</source>
        <translation>Conflicts ({0})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="290"/>
        <source>被拒绝的修改（{0}）</source>
        <translation>Rejected Changes ({0})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="291"/>
        <source>待上传 {0} · 冲突 {1} · 被拒 {2}</source>
        <translation>Pending {0} · conflicts {1} · rejected {2}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="371"/>
        <source>放弃修改</source>
        <translation>Discard Change</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/sync.py" line="372"/>
        <source>放弃这项修改？本机将恢复为服务器上的内容，此修改不会再上传。

{0}：{1}</source>
        <translation>Discard this change? This computer will go back to the server&apos;s content and the change will not be uploaded.

{0}: {1}</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="151"/>
        <source>打开同步页处理（Ctrl+0）</source>
        <translation>Open the Sync screen to deal with them (Ctrl+0)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="191"/>
        <source>● 未连接服务器</source>
        <translation>● No server</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="193"/>
        <source>⟳ 同步中…</source>
        <translation>⟳ Syncing…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="196"/>
        <source>● 离线</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="199"/>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="202"/>
        <source>● 未同步</source>
        <translation>● Not synced</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="208"/>
        <source>待上传 {0}</source>
        <translation>Pending: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="210"/>
        <source>上次同步 {0}</source>
        <translation>Last sync {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="211"/>
        <source>尚未同步</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="214"/>
        <source>冲突 {0}</source>
        <translation>Conflicts: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/widgets/sync_status.py" line="216"/>
        <source>被拒 {0}</source>
        <translation>Rejected: {0}</translation>
    </message>
</context>
<context>
    <name>TaskTableModel</name>
    <message>
        <location filename="../../crm/ui/models/task_table_model.py" line="83"/>
        <source>到期日</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/task_table_model.py" line="83"/>
        <source>事项</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/task_table_model.py" line="83"/>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/task_table_model.py" line="83"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/task_table_model.py" line="83"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/task_table_model.py" line="116"/>
        <source>逾期 {0} 天</source>
        <translation>Overdue: {0} d</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/task_table_model.py" line="117"/>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/task_table_model.py" line="117"/>
        <source>{0} 天后</source>
        <translation>Due in {0} d</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <location filename="../../crm/ui/screens/complaints.py" line="269"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
</context>
<context>
    <name>TodayScreen</name>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="167"/>
        <source>记录拜访(&amp;N)</source>
        <extracomment>Visits awaiting review are counted up to this many; the approvals screen lists them all.</extracomment>
        <translation>&amp;New Visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="170"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="182"/>
        <source>今日拜访</source>
        <translation>Today&apos;s Visits</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="185"/>
        <source>今天没有计划的拜访。</source>
        <translation>No visits planned for today.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="191"/>
        <source>完成(&amp;D)</source>
        <translation>&amp;Done</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="193"/>
        <source>改期(&amp;R)…</source>
        <translation>&amp;Reschedule…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="195"/>
        <source>打开(&amp;O)</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="201"/>
        <source>待办跟进</source>
        <translation>Follow-up Tasks</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="204"/>
        <source>没有今日到期或逾期的待办。</source>
        <translation>No tasks due today or overdue.</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="209"/>
        <source>待我审批</source>
        <translation>Awaiting My Approval</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="212"/>
        <source>月度计划</source>
        <translation>Monthly plans</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="212"/>
        <source>服务方案</source>
        <translation>Service proposals</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="213"/>
        <source>拜访待点评</source>
        <translation>Visits to review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="213"/>
        <source>认领争议</source>
        <translation>Contested claims</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="229"/>
        <location filename="../../crm/ui/screens/today.py" line="372"/>
        <source>提醒</source>
        <translation>Reminders</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="236"/>
        <source>立即同步</source>
        <translation>Sync Now</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="238"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="297"/>
        <source>{0}年{1}月{2}日 {3}</source>
        <translation>{3}, {0}/{1}/{2}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="300"/>
        <source>待拜访 {0} · 今日到期 {1} · 逾期 {2}</source>
        <translation>{0} to visit · {1} due today · {2} overdue</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="305"/>
        <source>今日拜访（{0}）</source>
        <translation>Today&apos;s Visits ({0})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="307"/>
        <source>待办跟进（今日到期 {0} · 逾期 {1}）</source>
        <translation>Follow-up Tasks ({0} due today · {1} overdue)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="328"/>
        <source>有 {0} 条本地更改待上传</source>
        <translation>Local changes waiting to upload: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="330"/>
        <source>本地更改已全部上传</source>
        <translation>All local changes uploaded</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="371"/>
        <source>提醒（{0}）</source>
        <translation>Reminders ({0})</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="423"/>
        <source>改期</source>
        <translation>Reschedule</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="423"/>
        <source>新的到期日：</source>
        <translation>New due date:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="452"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="456"/>
        <source>稍后提醒</source>
        <translation>Snooze</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/today.py" line="460"/>
        <source>打开</source>
        <translation>Open</translation>
    </message>
</context>
<context>
    <name>TodayVisitTableModel</name>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="64"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="64"/>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="64"/>
        <source>目标 / 目的</source>
        <translation>Goal / purpose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="64"/>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="64"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="79"/>
        <source>双击记录本次拜访</source>
        <translation>Double-click to record this visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="85"/>
        <source>月度计划</source>
        <translation>Monthly plan</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="85"/>
        <source>拜访记录</source>
        <translation>Visit record</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="97"/>
        <source>延迟至今日</source>
        <translation>Delayed to today</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="97"/>
        <source>待拜访</source>
        <translation>To visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="98"/>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/today_visit_model.py" line="98"/>
        <source>已安排</source>
        <translation>Scheduled</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../crm/ui/dialogs/login.py" line="47"/>
        <source>解锁工作区</source>
        <translation>Unlock Workspace</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/login.py" line="55"/>
        <source>工作区</source>
        <translation>Workspace</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/login.py" line="56"/>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
</context>
<context>
    <name>ValueEditor</name>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="52"/>
        <source> 元</source>
        <translation> CNY</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="75"/>
        <source>每行一项（出于保密，原值不显示）</source>
        <translation>One item per line (the original value is hidden for confidentiality)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="76"/>
        <source>每行一项</source>
        <translation>One item per line</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/conflict.py" line="93"/>
        <source>输入新值（出于保密，原值不显示）</source>
        <translation>Enter a new value (the original value is hidden for confidentiality)</translation>
    </message>
</context>
<context>
    <name>VisitFormDialog</name>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="87"/>
        <source>目标客户拓展记录表</source>
        <extracomment>A new follow-up is due a week after the visit unless changed.</extracomment>
        <translation>Prospect Visit Record</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="148"/>
        <source>已完成拜访(&amp;D)</source>
        <translation>Visit &amp;done</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="156"/>
        <source>日期(&amp;T)</source>
        <translation>Da&amp;te</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="159"/>
        <source>方式(&amp;M)</source>
        <translation>&amp;Mode</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="163"/>
        <source>客户(&amp;C)</source>
        <translation>&amp;Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="167"/>
        <source>经营情况、与我行合作现状</source>
        <translation>Business situation and current relationship with the bank</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="168"/>
        <source>本次拜访要达成的目标</source>
        <translation>What this visit should achieve</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="175"/>
        <source>选择或输入沟通人</source>
        <translation>Choose or type a contact person</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="179"/>
        <source>客户拜访前假设</source>
        <translation>Before the Visit (Assumptions)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="181"/>
        <source>客户概况(&amp;O)</source>
        <translation>Client &amp;overview</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="182"/>
        <source>拜访目的(&amp;P)</source>
        <translation>&amp;Purpose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="183"/>
        <source>沟通人(&amp;R)</source>
        <translation>Contact pe&amp;rson</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="184"/>
        <source>可能的需求</source>
        <translation>Likely needs</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="185"/>
        <source>可能的异议</source>
        <translation>Likely objections</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="186"/>
        <source>如何达成目标</source>
        <translation>How to reach the goal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="193"/>
        <source>了解到的客户信息、需求变化</source>
        <translation>What was learned about the client and changes in their needs</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="196"/>
        <source>（未填）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="197"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="198"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="201"/>
        <source>未达成时必填</source>
        <translation>Required if the goal was not reached</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="212"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="214"/>
        <source>客户拜访中</source>
        <translation>During the Visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="216"/>
        <source>实际会见(&amp;E)</source>
        <translation>Person m&amp;et</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="217"/>
        <source>获取的信息(&amp;I)</source>
        <translation>&amp;Information gathered</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="218"/>
        <source>是否达成目标(&amp;G)</source>
        <translation>&amp;Goal reached?</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="219"/>
        <source>下一步计划(&amp;X)</source>
        <translation>Ne&amp;xt steps</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="220"/>
        <source>客户满意度(&amp;S)</source>
        <translation>Client &amp;satisfaction</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="229"/>
        <source>后续行动</source>
        <translation>Follow-up action</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="229"/>
        <source>到期日</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="239"/>
        <source>添加行动(&amp;A)</source>
        <translation>&amp;Add Action</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="242"/>
        <source>删除行动</source>
        <translation>Delete Action</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="248"/>
        <source>跟进行动（每项生成一个待办）</source>
        <translation>Follow-up Actions (each one becomes a task)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="258"/>
        <source>下次拜访的要点</source>
        <translation>Points for the next visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="262"/>
        <source>提交点评(&amp;V)</source>
        <translation>Submit Re&amp;view</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="265"/>
        <source>网点负责人点评</source>
        <translation>Branch Head&apos;s Review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="274"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="276"/>
        <source>Ctrl+Enter 或 Ctrl+S</source>
        <translation>Ctrl+Enter or Ctrl+S</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="277"/>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="386"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="281"/>
        <source>Ctrl+Enter 保存 · Ctrl+N 添加行动 · Esc 取消</source>
        <translation>Ctrl+Enter save · Ctrl+N add action · Esc cancel</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="367"/>
        <source>{0} 点评于 {1}</source>
        <translation>Reviewed by {0} on {1}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="386"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="394"/>
        <source>点评后拜访记录将锁定，客户经理不能再修改</source>
        <translation>Once reviewed, the visit record is locked and the RM can no longer change it</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="396"/>
        <source>仅可点评本网点其他客户经理已完成的拜访</source>
        <translation>Only completed visits by other RMs of this branch can be reviewed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="399"/>
        <source>拜访记录 — {0}</source>
        <translation>Visit Record — {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="400"/>
        <source>（只读）</source>
        <translation> (read-only)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="456"/>
        <source>已生成的待办</source>
        <translation>Tasks created</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="555"/>
        <source>请选择客户</source>
        <translation>Please Select a Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/dialogs/visit_form.py" line="556"/>
        <source>请先选择客户：输入名称、拼音首字母或代码，再从建议中选择。</source>
        <translation>Select a client first: type a name, pinyin initials or code, then pick from the suggestions.</translation>
    </message>
</context>
<context>
    <name>VisitReviewTab</name>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="361"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="362"/>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="363"/>
        <source>客户经理</source>
        <translation>RM</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="364"/>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="365"/>
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="366"/>
        <source>达成</source>
        <translation>Goal met</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="367"/>
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="381"/>
        <source>网点负责人点评：下次拜访的要点（Ctrl+Enter 提交）</source>
        <translation>Branch head&apos;s review: points for the next visit (Ctrl+Enter to submit)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="384"/>
        <source>提交点评(&amp;V)</source>
        <translation>Submit Re&amp;view</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="387"/>
        <source>点评(&amp;O)：</source>
        <translation>Rev&amp;iew:</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="438"/>
        <source>没有待点评的拜访记录</source>
        <translation>No visit records awaiting review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="448"/>
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="450"/>
        <source>客户经理：{0}</source>
        <translation>RM: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="453"/>
        <source>客户概况</source>
        <translation>Client overview</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="453"/>
        <source>拜访目的</source>
        <translation>Visit purpose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="454"/>
        <source>沟通人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="454"/>
        <source>可能的需求</source>
        <translation>Likely needs</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="455"/>
        <source>可能的异议</source>
        <translation>Likely objections</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="456"/>
        <source>达成目标的方法</source>
        <translation>How to reach the goal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="459"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="459"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="462"/>
        <source>实际会见</source>
        <translation>Person met</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="462"/>
        <source>获取的信息</source>
        <translation>Information gathered</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="463"/>
        <source>目标是否达成</source>
        <translation>Goal reached?</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="463"/>
        <source>下一步计划</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="464"/>
        <source>客户满意度</source>
        <translation>Client satisfaction</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="465"/>
        <source>客户拜访前假设</source>
        <translation>Before the visit (assumptions)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="465"/>
        <source>客户拜访中</source>
        <translation>During the visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/approvals.py" line="488"/>
        <source>无法提交点评</source>
        <translation>Cannot Submit the Review</translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="92"/>
        <source>拜访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="92"/>
        <source>客户</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="92"/>
        <source>客户经理</source>
        <translation>RM</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="92"/>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="93"/>
        <source>拜访目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="93"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="93"/>
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="93"/>
        <source>点评</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="135"/>
        <source>计划中</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="137"/>
        <source>已拜访</source>
        <translation>Visited</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="138"/>
        <source>达成目标</source>
        <translation>Reached</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="138"/>
        <source>未达成</source>
        <translation>Not reached</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="143"/>
        <source>已点评</source>
        <translation>Reviewed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/models/visit_table_model.py" line="144"/>
        <source>待点评</source>
        <translation>To review</translation>
    </message>
</context>
<context>
    <name>VisitsScreen</name>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="85"/>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="85"/>
        <source>上月</source>
        <translation>Last month</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="85"/>
        <source>本周</source>
        <translation>This week</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="86"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="86"/>
        <source>近 90 天</source>
        <translation>Last 90 days</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="86"/>
        <source>今年</source>
        <translation>This year</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="87"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="92"/>
        <source>按客户筛选（输入名称或拼音首字母）</source>
        <translation>Filter by client (type a name or pinyin initials)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="96"/>
        <source>全部客户经理</source>
        <translation>All RMs</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="98"/>
        <source>只看待点评(&amp;W)</source>
        <translation>A&amp;waiting review only</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="103"/>
        <source>记录拜访(&amp;N)</source>
        <translation>&amp;New Visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="106"/>
        <source>打开(&amp;O)</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="109"/>
        <source>点评(&amp;R)</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="112"/>
        <source>打印登记簿…</source>
        <translation>Print register…</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="114"/>
        <source>按所选期间打印客户拜访登记簿</source>
        <translation>Print the visit register for the selected period</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="117"/>
        <source>期间(&amp;P)</source>
        <translation>&amp;Period</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="121"/>
        <source>客户(&amp;C)</source>
        <translation>&amp;Client</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="232"/>
        <source>{0}+ 条拜访</source>
        <translation>Visits: {0}+</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="232"/>
        <source>共 {0} 条拜访</source>
        <translation>Visits: {0}</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="277"/>
        <source>未选择拜访记录</source>
        <translation>No visit selected</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="301"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="301"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="307"/>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="307"/>
        <source>计划中</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="311"/>
        <source>客户概况</source>
        <translation>Client overview</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="311"/>
        <source>拜访目的</source>
        <translation>Visit purpose</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="312"/>
        <source>沟通人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="312"/>
        <source>可能的需求</source>
        <translation>Likely needs</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="313"/>
        <source>可能的异议</source>
        <translation>Likely objections</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="313"/>
        <source>如何达成目标</source>
        <translation>How to reach the goal</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="315"/>
        <source>客户拜访前假设</source>
        <translation>Before the visit (assumptions)</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="318"/>
        <source>实际会见</source>
        <translation>Person met</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="318"/>
        <source>获取的信息</source>
        <translation>Information gathered</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="319"/>
        <source>是否达成目标</source>
        <translation>Goal reached?</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="319"/>
        <source>下一步计划</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="320"/>
        <source>客户满意度</source>
        <translation>Client satisfaction</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="322"/>
        <source>客户拜访中</source>
        <translation>During the visit</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="329"/>
        <source>跟进行动</source>
        <translation>Follow-up actions</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="332"/>
        <source>网点负责人点评</source>
        <translation>Branch head&apos;s review</translation>
    </message>
    <message>
        <location filename="../../crm/ui/screens/visits.py" line="336"/>
        <source>待网点负责人点评</source>
        <translation>Awaiting the branch head&apos;s review</translation>
    </message>
</context>
<context>
    <name>_Veil</name>
    <message>
        <location filename="../../crm/ui/dialogs/lock.py" line="166"/>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
</context>
</TS>
